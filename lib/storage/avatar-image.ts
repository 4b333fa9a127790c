import 'server-only';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
export const AVATAR_SIZE = 256;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);
// A small file can still decode into a huge bitmap; 40 megapixels is more than any camera photo needs.
const MAX_INPUT_PIXELS = 40_000_000;

export class AvatarImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AvatarImageError';
  }
}

/**
 * Turns an uploaded file into the stored avatar: the format is read from the content (sharp's own
 * detection, never the file name or the declared type), only PNG, JPEG and WebP are accepted, then the
 * image is turned upright, cropped square around its centre, resized and re-encoded as WebP, which also
 * drops its metadata (location, camera).
 */
export async function processAvatar(input: Buffer): Promise<Buffer> {
  if (input.length === 0) throw new AvatarImageError('The file is empty.');
  if (input.length > AVATAR_MAX_BYTES) throw new AvatarImageError('The picture is larger than 5 MB.');
  let format: string | undefined;
  try {
    ({ format } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata());
  } catch {
    throw new AvatarImageError('This file is not a picture. Upload a PNG, JPEG or WebP image.');
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) {
    throw new AvatarImageError(`${format ? format.toUpperCase() : 'This file'} is not accepted. Upload a PNG, JPEG or WebP image.`);
  }
  try {
    return await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, animated: false })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'centre' })
      .webp({ quality: 85 })
      .toBuffer();
  } catch {
    throw new AvatarImageError('This picture cannot be read. It may be damaged or too large in pixels.');
  }
}

/** A fresh key for a new avatar: random, so the URL changes with every upload and can be cached forever. */
export function newAvatarKey(): string {
  return randomBytes(16).toString('hex');
}
