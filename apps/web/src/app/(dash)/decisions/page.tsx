import { Suspense } from "react";
import { Loading } from "@/components/states";
import { DecisionsView } from "./decisions-view";

export default function DecisionsPage() {
  return (
    <>
      <h1>Decisions</h1>
      <Suspense fallback={<Loading label="Loading decisions" />}>
        <DecisionsView />
      </Suspense>
    </>
  );
}
