import { SitesView } from "./sites-view";

export default function SitesPage() {
  return (
    <>
      <h1>Sites</h1>
      <SitesView />
    </>
  );
}
