import Link from "next/link";

export default function NotFound() {
  return (
    <div className="center">
      <div className="card">
        <h1>Not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <Link href="/overview">Back to the overview</Link>
      </div>
    </div>
  );
}
