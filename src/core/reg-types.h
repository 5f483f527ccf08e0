/* reg-types.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _RegContact     RegContact;
typedef struct _RegContactList RegContactList;
typedef struct _RegStore       RegStore;

typedef enum
{
  REG_CUSTOMER_TYPE_RETAIL,
  REG_CUSTOMER_TYPE_WHOLESALE,
} RegCustomerType;

typedef enum
{
  REG_CONSENT_UNKNOWN,
  REG_CONSENT_YES,
  REG_CONSENT_NO,
} RegConsent;

typedef enum
{
  REG_CONTACT_SORT_NAME,
  REG_CONTACT_SORT_EMAIL,
  REG_CONTACT_SORT_CITY,
  REG_CONTACT_SORT_CREATED,
} RegContactSort;

typedef enum /*< flags >*/
{
  REG_CHANGE_CONTACTS = 1 << 0,
} RegChangeFlags;

G_END_DECLS
