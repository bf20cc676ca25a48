"use client";

/** Page controls for offset-paged tables (1-based pages). */
export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted" data-testid="pager-range">
        {first.toLocaleString()}–{last.toLocaleString()} of {total.toLocaleString()}
      </span>
      <button type="button" onClick={() => onPage(1)} disabled={page <= 1} aria-label="First page">
        «
      </button>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label="Previous page">
        ‹
      </button>
      <span>
        page {page.toLocaleString()} / {pages.toLocaleString()}
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages} aria-label="Next page">
        ›
      </button>
      <button type="button" onClick={() => onPage(pages)} disabled={page >= pages} aria-label="Last page">
        »
      </button>
    </nav>
  );
}

/** Controls for keyset-paged logs: back to the newest, or older. */
export function KeysetPager({ hasPrevious, next, onNewest, onOlder }: { hasPrevious: boolean; next: string | null; onNewest: () => void; onOlder: (cursor: string) => void }) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" onClick={onNewest} disabled={!hasPrevious}>
        « Newest
      </button>
      <button type="button" onClick={() => next && onOlder(next)} disabled={!next}>
        Older ›
      </button>
    </nav>
  );
}
