import Bowser from 'bowser';

/** "Chrome 156 on Linux" from a user-agent string, for session and sign-in lists. */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = parsed.os.name ?? '';
  if (!browser && !os) return userAgent.slice(0, 60);
  return os ? `${browser || 'Browser'} on ${os}` : browser;
}
