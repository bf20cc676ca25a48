import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await currentUser()) redirect("/fleet");
  return (
    <div className="center">
      <SignInForm />
    </div>
  );
}
