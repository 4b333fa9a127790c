import type { MemberPage } from '@/lib/types/members';

export type PageRange = Pick<MemberPage, 'total' | 'totalIsExact' | 'offset' | 'fromEnd'> & { shown: number };

const int = (value: number) => value.toLocaleString('en');
/** An estimate keeps two significant digits: "about 27,000", not "about 26,554". */
export const rounded = (value: number) => (value < 100 ? value : Number(value.toPrecision(2)));

/**
 * Where a keyset page lies (the Users tab, a structure's members): "1–25 of 200,000", "26–50 of about
 * 27,000", or, on a page counted from the end of an estimate, "Last 25 of about 27,000".
 */
export function rangeText({ total, totalIsExact, offset, fromEnd, shown }: PageRange): string {
  const of = totalIsExact ? int(total) : `about ${int(rounded(total))}`;
  if (shown === 0) return `0–0 of ${of}`;
  if (offset !== null) return `${int(offset + 1)}–${int(offset + shown)} of ${of}`;
  const end = fromEnd ?? shown;
  return end === shown ? `Last ${int(shown)} of ${of}` : `${int(end - shown + 1)}–${int(end)} from the end, of ${of}`;
}
