/* confer-host-address.c: the names and addresses others may reach this
 * machine at, for the links of the sessions it hosts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "confer-host-address"

#include "config.h"

#include <gio/gio.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "confer-host-address.h"

/**
 * confer_host_address_list:
 *
 * Lists what a link to a session hosted here may carry as its host: this
 * machine's name (g_get_host_name()) first, then the addresses of its
 * network interfaces that are up (from getifaddrs(3)): IPv4 ones, then
 * IPv6 ones. Loopback and IPv6 link-local addresses are left out: nobody
 * elsewhere reaches them.
 *
 * Returns: (transfer full): a %NULL-terminated list, never empty
 */
char **
confer_host_address_list (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  struct ifaddrs *interfaces = NULL;

  g_ptr_array_add (list, g_strdup (g_get_host_name ()));
  if (getifaddrs (&interfaces) == 0)
    {
      for (int family = 0; family < 2; family++)
        for (struct ifaddrs *i = interfaces; i != NULL; i = i->ifa_next)
          {
            g_autoptr(GSocketAddress) socket_address = NULL;
            GInetAddress *address;
            g_autofree char *text = NULL;
            gsize length;

            if (i->ifa_addr == NULL || (i->ifa_flags & IFF_UP) == 0 ||
                i->ifa_addr->sa_family != (family == 0 ? AF_INET : AF_INET6))
              continue;
            length = family == 0 ? sizeof (struct sockaddr_in) : sizeof (struct sockaddr_in6);
            socket_address = g_socket_address_new_from_native (i->ifa_addr, length);
            if (socket_address == NULL)
              continue;
            address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (socket_address));
            if (g_inet_address_get_is_loopback (address) || g_inet_address_get_is_link_local (address))
              continue;
            text = g_inet_address_to_string (address);
            if (!g_ptr_array_find_with_equal_func (list, text, g_str_equal, NULL))
              g_ptr_array_add (list, g_steal_pointer (&text));
          }
      freeifaddrs (interfaces);
    }
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&list), FALSE);
}

/**
 * confer_host_address_is_local:
 * @host: a link's host: a name or an IP address
 *
 * Returns: %TRUE if @host is this machine: a loopback address,
 *   `localhost`, or one of confer_host_address_list()
 */
gboolean
confer_host_address_is_local (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
  g_auto(GStrv) list = NULL;

  if ((address != NULL && g_inet_address_get_is_loopback (address)) || g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  list = confer_host_address_list ();
  for (guint i = 0; list[i] != NULL; i++)
    if (g_ascii_strcasecmp (list[i], host) == 0)
      return TRUE;
  return FALSE;
}
