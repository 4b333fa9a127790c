import { vi } from 'vitest';
import { requestState } from './acting-as';

// Integration tests call server actions and the data layer outside a Next request: `next/headers` answers
// the request `actAs` set up, and revalidation is a no-op. A setup file of the integration project, so
// every test file sees the same request.
vi.mock('next/headers', () => ({ headers: async () => requestState.headers, cookies: async () => ({ get: () => undefined }) }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
