/* confer-application.h: the Confer desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "confer-net.h"

G_BEGIN_DECLS

#define CONFER_TYPE_APPLICATION (confer_application_get_type ())

G_DECLARE_FINAL_TYPE (ConferApplication, confer_application, CONFER, APPLICATION, AdwApplication)

ConferApplication *confer_application_new          (void);
GSettings         *confer_application_get_settings (ConferApplication  *self);
char              *confer_application_host         (ConferApplication  *self,
                                                    GError            **error);
const char        *confer_application_get_name     (ConferApplication  *self);
ConferClientCache *confer_application_get_cache    (ConferApplication  *self);
gboolean           confer_application_resume_hosting (ConferApplication *self,
                                                    const ConferLink  *link,
                                                    GError           **error);
const char        *confer_application_get_host_address (ConferApplication *self);
char              *confer_application_share_link   (ConferApplication  *self,
                                                    const ConferLink   *link);

G_END_DECLS
