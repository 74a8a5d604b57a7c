// Headless Chromium for tests of pages the project serves: Debian's `chromium` package driven by
// playwright-core (no browser download). Locally a missing browser skips the tests with a message;
// in CI (CI set) it is a failure, so the browser tests cannot silently stop running.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { NewApproval } from '../../src/policies/approvals.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const inCI = () => {
  const v = process.env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
};

/** Whether to run browser tests at all; logs why not when skipping. */
export function browserTestsEnabled(): boolean {
  if (existsSync(CHROMIUM_PATH) || inCI()) return true;
  console.warn(`Browser tests skipped: ${CHROMIUM_PATH} not found (apt-get install chromium). With CI set they fail instead.`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is required for the browser tests but ${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox'] });
}

/** A pending kick as the policy layer would file it (strings as strangers could write them). */
export function kickApproval(room: string, user = 'viewer_42', reason = 'spam'): NewApproval {
  return {
    digest: `kick|${room}|${user}`,
    tool: 'kick_user_off_seat',
    title: 'Kick a user off their seat',
    action: `Remove ${JSON.stringify(user)} from their seat in live room ${JSON.stringify(room)}.`,
    facts: [['Room', room], ['User', user], ['Reason (Data)', reason]],
    client: 'test-agent',
  };
}
