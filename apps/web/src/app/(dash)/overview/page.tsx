import { OverviewView } from "./overview-view";

export default function OverviewPage() {
  return (
    <>
      <h1>Overview</h1>
      <OverviewView />
    </>
  );
}
