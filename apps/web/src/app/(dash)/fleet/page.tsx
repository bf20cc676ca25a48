import { FleetView } from "./fleet-view";

export default function FleetPage() {
  return (
    <>
      <h1>Fleet</h1>
      <FleetView />
    </>
  );
}
