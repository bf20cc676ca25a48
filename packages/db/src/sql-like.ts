/** `%v%` for ILIKE (with its default escape, the backslash): the pattern characters of `v` are taken literally. */
export const containsPattern = (v: string) => `%${v.replace(/[\\%_]/g, "\\$&")}%`;
