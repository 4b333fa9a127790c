/**
 * The profile's work sections (schedule and time zone, workplace, leave). Placeholder: filled in by the
 * work-schedule and leave part of the profiles issue.
 */
export async function WorkSections() {
  return null;
}
