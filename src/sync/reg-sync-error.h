/* reg-sync-error.h: what can go wrong talking to a shop
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REG_SYNC_ERROR (reg_sync_error_quark ())

/* Each code is something a caller can act on; the message that comes with
 * it is written for the shop owner. */
typedef enum
{
  REG_SYNC_ERROR_FAILED,        /* none of the below */
  REG_SYNC_ERROR_MALFORMED,     /* the answer cannot be read (not JSON, wrong shape) */
  REG_SYNC_ERROR_AUTH,          /* key or secret wrong, or not recognised: ask for them again */
  REG_SYNC_ERROR_AUTH_DROPPED,  /* the server removed the Authorization header: send the key another way */
  REG_SYNC_ERROR_FORBIDDEN,     /* the key is known but may not read: a new key is needed */
  REG_SYNC_ERROR_NOT_FOUND,     /* the shop is there, the record asked for is not */
  REG_SYNC_ERROR_NOT_A_SHOP,    /* no shop API at this address: check the address */
  REG_SYNC_ERROR_BAD_REQUEST,   /* the shop refused a parameter: an older shop may need another query */
  REG_SYNC_ERROR_RATE_LIMITED,  /* too many requests: wait, then try again */
  REG_SYNC_ERROR_SERVER,        /* the shop's server failed (5xx): try again later */
  REG_SYNC_ERROR_NETWORK,       /* no connection, name not found, connection dropped */
  REG_SYNC_ERROR_TLS,           /* the secure connection could not be set up or trusted */
  REG_SYNC_ERROR_TIMEOUT,       /* the shop took too long to answer */
  REG_SYNC_ERROR_CANCELLED,     /* the owner stopped the sync */
} RegSyncError;

GQuark reg_sync_error_quark (void);

G_END_DECLS
