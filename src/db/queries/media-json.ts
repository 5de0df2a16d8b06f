// A media row as the public JSON (schemas/media.ts PublicMedia), built inside the public read
// statements so that a lead image, an avatar or a logo costs no extra round trip. `base` is the
// placeholder of MEDIA_PUBLIC_URL: rendition URLs are that plus the stored key.
import { isoUtc } from './sql.ts'

export const mediaJson = (m: string, base: string) => `CASE WHEN ${m}.id IS NULL THEN NULL ELSE json_build_object(
  'id', ${m}.id, 'mimeType', ${m}."mimeType", 'width', ${m}.width, 'height', ${m}.height,
  'alt', ${m}.alt, 'decorative', ${m}.decorative, 'caption', ${m}.caption, 'credit', ${m}.credit,
  'focalPoint', json_build_object('x', ${m}."focalX", 'y', ${m}."focalY"), 'createdAt', ${isoUtc(`${m}."createdAt"`)},
  'renditions', (SELECT json_object_agg(r.key, json_build_object('url', ${base} || '/' || (r.value->>'key'),
    'width', r.value->'width', 'height', r.value->'height', 'mimeType', 'image/webp')) FROM jsonb_each(${m}.renditions) r)
) END`
