/* confer-link.c: confer:// invite links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-link"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "confer-core-error.h"
#include "confer-link.h"

static gboolean
link_error (GError     **error,
            const char  *why)
{
  g_set_error (error, CONFER_CORE_ERROR, CONFER_CORE_ERROR_INVALID_LINK, "%s", why);
  return FALSE;
}

/**
 * confer_link_is_token:
 * @text: a string
 *
 * Checks the form of session ids and tokens: 16 to 128 characters of the
 * base64url alphabet (A–Z, a–z, 0–9, `-`, `_`).
 *
 * Returns: %TRUE if @text has that form
 */
gboolean
confer_link_is_token (const char *text)
{
  gsize n = text != NULL ? strlen (text) : 0;

  if (n < 16 || n > 128)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
is_fingerprint (const char *text)
{
  if (strlen (text) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address != NULL)
    return g_inet_address_get_is_loopback (address);
  return g_ascii_strcasecmp (host, "localhost") == 0;
}

static gboolean
is_host (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address != NULL)
    return TRUE;
  /* A DNS name: letters, digits, hyphens and dots, as RFC 1123 allows. */
  if (*host == '\0' || strlen (host) > 253)
    return FALSE;
  for (const char *p = host; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/**
 * confer_link_parse:
 * @text: a link, as pasted or passed by the desktop
 * @error: return location for a #GError
 *
 * Parses and validates an invite link. Refused, with a message saying why:
 * anything longer than %CONFER_LINK_MAX_LENGTH, another scheme, user info or
 * a fragment, a host that is not an IP address or DNS name, a missing or
 * zero port, a session id or token that is not 16–128 base64url
 * characters, a fingerprint that is not 64 lowercase hex digits, unknown or
 * repeated query parameters, and a link without fingerprint (plain
 * WebSocket) to a host other than loopback.
 *
 * Returns: (transfer full) (nullable): the link, or %NULL with
 *   %CONFER_CORE_ERROR_INVALID_LINK set
 */
ConferLink *
confer_link_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(ConferLink) link = NULL;
  GUriParamsIter params;
  const char *path, *query;
  char *key, *value;

  if (text == NULL || strlen (text) > CONFER_LINK_MAX_LENGTH)
    return link_error (error, "The link is too long"), NULL;
  if (!g_utf8_validate (text, -1, NULL))
    return link_error (error, "The link is not valid text"), NULL;
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return link_error (error, "This is not a link"), NULL;
  if (g_strcmp0 (g_uri_get_scheme (uri), "confer") != 0)
    return link_error (error, "Only confer:// links can be opened"), NULL;
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return link_error (error, "The link has parts a Confer link never has"), NULL;
  if (g_uri_get_host (uri) == NULL || !is_host (g_uri_get_host (uri)))
    return link_error (error, "The link does not name a valid server"), NULL;
  if (g_uri_get_port (uri) <= 0 || g_uri_get_port (uri) > 65535)
    return link_error (error, "The link does not give the server's port"), NULL;

  path = g_uri_get_path (uri);
  if (path == NULL || path[0] != '/' || !confer_link_is_token (path + 1))
    return link_error (error, "The link does not name a valid session"), NULL;

  link = g_new0 (ConferLink, 1);
  link->host = g_strdup (g_uri_get_host (uri));
  link->port = g_uri_get_port (uri);
  link->session = g_strdup (path + 1);

  query = g_uri_get_query (uri);
  if (query != NULL)
    {
      g_uri_params_iter_init (&params, query, -1, "&", G_URI_PARAMS_NONE);
      while (g_uri_params_iter_next (&params, &key, &value, NULL))
        {
          g_autofree char *k = key;
          g_autofree char *v = value;

          if (g_str_equal (k, "invite") && link->invite == NULL && confer_link_is_token (v))
            link->invite = g_steal_pointer (&v);
          else if (g_str_equal (k, "fp") && link->fingerprint == NULL && is_fingerprint (v))
            link->fingerprint = g_steal_pointer (&v);
          else
            return link_error (error, g_str_equal (k, "invite") ? "The link's invite token is malformed"
                                      : g_str_equal (k, "fp") ? "The link's certificate fingerprint is malformed"
                                      : "The link has an unknown parameter"), NULL;
        }
    }

  if (link->fingerprint == NULL && !is_loopback (link->host))
    return link_error (error, "The link has no certificate fingerprint, so the connection "
                              "could not be secured"), NULL;
  return g_steal_pointer (&link);
}

/**
 * confer_link_get_session_key:
 * @self: a link
 *
 * Names the session the link leads to, whatever invite reached it — the
 * key under which a client keeps what it knows of a session.
 *
 * Returns: (transfer full): `HOST:PORT/SESSION`
 */
char *
confer_link_get_session_key (const ConferLink *self)
{
  return g_strdup_printf ("%s:%u/%s", self->host, self->port, self->session);
}

/**
 * confer_link_to_string:
 * @self: a link
 *
 * Formats the link: `confer://HOST:PORT/SESSION?invite=TOKEN&fp=HEX`, an
 * IPv6 host in brackets, parameters left out when %NULL.
 *
 * Returns: (transfer full): the link text
 */
char *
confer_link_to_string (const ConferLink *self)
{
  GString *s = g_string_new ("confer://");
  char sep = '?';

  if (strchr (self->host, ':') != NULL)
    g_string_append_printf (s, "[%s]", self->host);
  else
    g_string_append (s, self->host);
  g_string_append_printf (s, ":%u/%s", self->port, self->session);
  if (self->invite != NULL)
    {
      g_string_append_printf (s, "%cinvite=%s", sep, self->invite);
      sep = '&';
    }
  if (self->fingerprint != NULL)
    g_string_append_printf (s, "%cfp=%s", sep, self->fingerprint);
  return g_string_free (s, FALSE);
}

/**
 * confer_link_get_ws_uri:
 * @self: a link
 *
 * Returns: (transfer full): the WebSocket endpoint: `wss://HOST:PORT/ws`,
 *   or `ws://` for a link without fingerprint
 */
char *
confer_link_get_ws_uri (const ConferLink *self)
{
  gboolean v6 = strchr (self->host, ':') != NULL;

  return g_strdup_printf ("%s://%s%s%s:%u/ws", self->fingerprint != NULL ? "wss" : "ws",
                          v6 ? "[" : "", self->host, v6 ? "]" : "", self->port);
}

/**
 * confer_link_get_blob_uri:
 * @self: a link
 * @name: a blob's name (its SHA-256 in hex)
 *
 * Returns: (transfer full): where the blob is put and fetched:
 *   `https://HOST:PORT/blobs/NAME`, or `http://` for a link without
 *   fingerprint
 */
char *
confer_link_get_blob_uri (const ConferLink *self,
                          const char       *name)
{
  gboolean v6 = strchr (self->host, ':') != NULL;

  return g_strdup_printf ("%s://%s%s%s:%u/blobs/%s", self->fingerprint != NULL ? "https" : "http",
                          v6 ? "[" : "", self->host, v6 ? "]" : "", self->port, name);
}

/**
 * confer_link_free:
 * @self: (transfer full): a link
 */
void
confer_link_free (ConferLink *self)
{
  if (self == NULL)
    return;
  g_free (self->host);
  g_free (self->session);
  g_free (self->invite);
  g_free (self->fingerprint);
  g_free (self);
}

/**
 * confer_link_fingerprint_of:
 * @certificate: a TLS certificate
 *
 * Returns: (transfer full): SHA-256 of the certificate's DER encoding, as
 *   64 lowercase hex digits: the `fp` of invite links
 */
char *
confer_link_fingerprint_of (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}
