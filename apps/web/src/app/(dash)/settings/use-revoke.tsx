"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Confirm } from "@/components/confirm";
import { type ApiError, apiSend } from "@/lib/api";

/**
 * Revoking a credential from a Settings list: the row's Revoke button, then a confirmation that
 * POSTs `/api/v1/<resource>/<id>/revoke` and refreshes the list's queries.
 */
export function useRevoke<T extends { id: number }>(resource: "agent-tokens" | "api-keys" | "enrollment-tokens") {
  const client = useQueryClient();
  const [revoking, setRevoking] = useState<T | null>(null);
  const revoke = useMutation({
    mutationFn: (id: number) => apiSend("POST", `/api/v1/${resource}/${id}/revoke`),
    onSuccess: () => {
      setRevoking(null);
      client.invalidateQueries({ queryKey: [resource] });
    },
  });
  const button = (item: T) => (
    <button
      type="button"
      className="small danger"
      onClick={() => {
        revoke.reset();
        setRevoking(item);
      }}
    >
      Revoke
    </button>
  );
  const dialog = (title: (item: T) => string, consequence: ReactNode) =>
    revoking && (
      <Confirm
        title={title(revoking)}
        confirmLabel="Revoke"
        danger
        busy={revoke.isPending}
        error={revoke.error ? (revoke.error as ApiError).message : null}
        onConfirm={() => revoke.mutate(revoking.id)}
        onCancel={() => setRevoking(null)}
      >
        <p>{consequence}</p>
      </Confirm>
    );
  return { button, dialog };
}
