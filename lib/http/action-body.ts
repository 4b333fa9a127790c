/** The largest body a page accepts (a server action's arguments): Next's own limit, answered before Next. */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

export type BodyVerdict = { ok: true } | { ok: false; status: 400 | 413; message: string };

const TOO_LARGE: BodyVerdict = { ok: false, status: 413, message: 'The request is larger than 1 MB.' };
const UNREADABLE: BodyVerdict = { ok: false, status: 400, message: 'The request body could not be read.' };

/**
 * Checks a POST to a page (where server actions are answered) before Next decodes it, so that bad input is a
 * 400 or 413 rather than Next's 500: at most 1 MB; a form upload must parse as one; a server action called
 * from script (Next-Action header) sends its arguments as JSON text or as a form whose root field `0` is JSON.
 */
export async function checkActionBody(request: Request): Promise<BodyVerdict> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > ACTION_BODY_LIMIT_BYTES) return TOO_LARGE;
  let body: ArrayBuffer;
  try {
    body = await request.arrayBuffer();
  } catch {
    return UNREADABLE;
  }
  if (body.byteLength > ACTION_BODY_LIMIT_BYTES) return TOO_LARGE;

  const contentType = request.headers.get('content-type') ?? '';
  const isAction = request.headers.has('next-action');
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return { ok: false, status: 400, message: 'The form could not be read.' };
    }
    const root = form.get('0');
    if (isAction && typeof root === 'string' && !isJson(root)) return { ok: false, status: 400, message: 'The action’s arguments are not valid JSON.' };
    return { ok: true };
  }
  if (!isAction) return { ok: true };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, status: 400, message: 'The action’s arguments are not UTF-8 text.' };
  }
  return isJson(text) ? { ok: true } : { ok: false, status: 400, message: 'The action’s arguments are not valid JSON.' };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
