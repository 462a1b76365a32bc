/* confer-blob.c: what a blob may be: its name (the SHA-256 of its bytes)
 * and its type, told by its first bytes, never by what the sender claims
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-blob"

#include "config.h"

#include <string.h>

#include "confer-blob.h"

/**
 * confer_blob_is_name:
 * @name: (nullable): a string
 *
 * Returns: %TRUE if @name is a blob's name: a SHA-256 in 64 lower-case
 *   hexadecimal digits
 */
gboolean
confer_blob_is_name (const char *name)
{
  return name != NULL && strlen (name) == 64 && strspn (name, "0123456789abcdef") == 64;
}

/**
 * confer_blob_name_for:
 * @data: a blob's bytes
 *
 * Returns: (transfer full): its name, the SHA-256 of @data in lower-case hex
 */
char *
confer_blob_name_for (GBytes *data)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
}

/**
 * confer_blob_sniff_type:
 * @data: (array length=n_bytes): the first bytes of a blob (at least 36
 *   for Ogg Opus)
 * @n_bytes: how many
 *
 * Tells a blob's type by its signature, the only types a server stores:
 * PNG (`89 50 4E 47 0D 0A 1A 0A`, RFC 2083), JPEG (`FF D8 FF`), GIF
 * (`GIF87a`, `GIF89a`), WebP (`RIFF`, a size, `WEBP`: RFC 9649) and Opus
 * in Ogg (a first page `OggS` whose packet starts `OpusHead`: RFC 7845,
 * 3 and 5.1).
 *
 * Returns: (transfer none) (nullable): the media type (`image/png`,
 *   `image/jpeg`, `image/gif`, `image/webp`, `audio/ogg`), or %NULL for
 *   anything else
 */
const char *
confer_blob_sniff_type (const guint8 *data,
                        gsize         n_bytes)
{
  if (n_bytes >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (n_bytes >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "image/jpeg";
  if (n_bytes >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return "image/gif";
  if (n_bytes >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  /* An Ogg page header is 27 bytes and its segment table one per segment;
   * the identification header is alone on the first page. */
  if (n_bytes >= 27 && memcmp (data, "OggS", 4) == 0)
    {
      gsize start = 27 + data[26];

      if (n_bytes >= start + 8 && memcmp (data + start, "OpusHead", 8) == 0)
        return "audio/ogg";
    }
  return NULL;
}
