/* confer-certificate.c: conferd's self-signed TLS certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * conferd needs no certificate authority: it makes its own certificate on
 * first start and invite links carry the certificate's SHA-256
 * fingerprint, which clients pin (see docs/protocol.md).
 */
#define G_LOG_DOMAIN "confer-certificate"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gnutls/crypto.h>
#include <string.h>
#include <time.h>

#include "confer-certificate.h"

#define CERTIFICATE_FILE "certificate.pem"
#define KEY_FILE         "private-key.pem"
#define VALID_DAYS       (10 * 365)

static gboolean
tls_error (GError     **error,
           const char  *doing,
           int          rc)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not %s: %s", doing, gnutls_strerror (rc));
  return FALSE;
}

static gboolean
write_private (const char  *path,
               const char  *data,
               gsize        n_bytes,
               int          mode,
               GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  int fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC, mode);
  gboolean ok;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not write %s: %s", tmp, g_strerror (saved));
      return FALSE;
    }
  ok = write (fd, data, n_bytes) == (gssize) n_bytes && fsync (fd) == 0;
  close (fd);
  if (!ok || g_rename (tmp, path) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

/* Makes an ECDSA P-256 key and a self-signed certificate for it. */
static gboolean
create_certificate (const char  *cert_path,
                    const char  *key_path,
                    const char  *common_name,
                    GError     **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t key_pem = { NULL, 0 }, crt_pem = { NULL, 0 };
  guchar serial[16];
  time_t now = time (NULL);
  gboolean ok = FALSE;
  int rc;

  if ((rc = gnutls_x509_privkey_init (&key)) < 0 ||
      (rc = gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                          GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0)) < 0)
    {
      tls_error (error, "generate a key", rc);
      goto out;
    }

  gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial);
  serial[0] &= 0x7f;
  if ((rc = gnutls_x509_crt_init (&crt)) < 0 ||
      (rc = gnutls_x509_crt_set_version (crt, 3)) < 0 ||
      (rc = gnutls_x509_crt_set_serial (crt, serial, sizeof serial)) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (crt, now - 3600)) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (crt, now + (time_t) VALID_DAYS * 86400)) < 0 ||
      (rc = gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                           common_name, strlen (common_name))) < 0 ||
      (rc = gnutls_x509_crt_set_key (crt, key)) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (crt, 0, -1)) < 0 ||
      (rc = gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
      (rc = gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0)) < 0)
    {
      tls_error (error, "make the certificate", rc);
      goto out;
    }

  if ((rc = gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &key_pem)) < 0 ||
      (rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &crt_pem)) < 0)
    {
      tls_error (error, "export the certificate", rc);
      goto out;
    }

  ok = write_private (key_path, (const char *) key_pem.data, key_pem.size, 0600, error) &&
       write_private (cert_path, (const char *) crt_pem.data, crt_pem.size, 0644, error);

out:
  gnutls_free (key_pem.data);
  gnutls_free (crt_pem.data);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  return ok;
}

/**
 * confer_certificate_load_or_create:
 * @dir: the data directory
 * @common_name: the subject's common name for a new certificate
 * @error: return location for a #GError
 *
 * Loads `certificate.pem` and `private-key.pem` from @dir, first making
 * them (ECDSA P-256, self-signed, valid ten years; the key readable by the
 * owner only) if they do not exist.
 *
 * Returns: (transfer full) (nullable): the certificate with its key, or
 *   %NULL with a #G_IO_ERROR or #G_TLS_ERROR set
 */
GTlsCertificate *
confer_certificate_load_or_create (const char  *dir,
                                   const char  *common_name,
                                   GError     **error)
{
  g_autofree char *cert_path = g_build_filename (dir, CERTIFICATE_FILE, NULL);
  g_autofree char *key_path = g_build_filename (dir, KEY_FILE, NULL);

  if (!g_file_test (cert_path, G_FILE_TEST_EXISTS) &&
      !create_certificate (cert_path, key_path, common_name, error))
    return NULL;
  return g_tls_certificate_new_from_files (cert_path, key_path, error);
}
