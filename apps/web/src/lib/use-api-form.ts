"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import { fieldErrors } from "@/schemas/fields";
import { ApiError } from "./api";

/**
 * A form's validation and submission: the shared zod schema checks the values in the browser
 * (field-level messages at once), then the server checks again; its field issues land on the
 * same fields, anything else on the form.
 */
export function useApiForm<S extends z.ZodType, R>({ schema, submit, onSuccess }: { schema: S; submit: (values: z.output<S>) => Promise<R>; onSuccess?: (result: R) => void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: submit,
    onSuccess: (result) => {
      setErrors({});
      setFormError(null);
      onSuccess?.(result);
    },
    onError: (e) => {
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      setErrors(fields);
      setFormError(Object.keys(fields).length ? null : e.message);
    },
  });
  const handle = (values: unknown) => {
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      setFormError(null);
      return;
    }
    setErrors({});
    setFormError(null);
    mutation.mutate(parsed.data);
  };
  return { errors, formError, busy: mutation.isPending, handle, result: mutation.data, reset: mutation.reset };
}
