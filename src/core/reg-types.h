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
typedef struct _RegOrder       RegOrder;
typedef struct _RegStore       RegStore;
typedef struct _RegTimeline    RegTimeline;

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
  REG_CONTACT_SORT_ORDERS,
  REG_CONTACT_SORT_SPENT,
  REG_CONTACT_SORT_LAST_ORDER,
} RegContactSort;

/* The usual named groups of RFM analysis; NONE: no orders yet. */
typedef enum
{
  REG_RFM_NONE,
  REG_RFM_CHAMPIONS,
  REG_RFM_LOYAL,
  REG_RFM_POTENTIAL_LOYALISTS,
  REG_RFM_NEW,
  REG_RFM_PROMISING,
  REG_RFM_NEED_ATTENTION,
  REG_RFM_ABOUT_TO_SLEEP,
  REG_RFM_AT_RISK,
  REG_RFM_CANT_LOSE,
  REG_RFM_HIBERNATING,
  REG_RFM_LOST,
} RegRfmGroup;

#define REG_RFM_N_GROUPS (REG_RFM_LOST + 1)

/* A newsletter list member's status. */
typedef enum
{
  REG_MEMBER_SUBSCRIBED,
  REG_MEMBER_PENDING,       /* double opt-in sent, not confirmed */
  REG_MEMBER_UNSUBSCRIBED,
  REG_MEMBER_CLEANED,       /* the address bounced */
} RegMemberStatus;

/* What last changed a membership. */
typedef enum
{
  REG_MEMBER_CHANGE_MANUAL,
  REG_MEMBER_CHANGE_IMPORT,
  REG_MEMBER_CHANGE_FORM,
  REG_MEMBER_CHANGE_CHECKOUT,
  REG_MEMBER_CHANGE_SEGMENT,
} RegMemberChange;

/* Where a record came from. */
typedef enum
{
  REG_ORIGIN_MANUAL,
  REG_ORIGIN_CSV,
  REG_ORIGIN_WOOCOMMERCE,
  REG_ORIGIN_SHOPIFY,
  REG_ORIGIN_SAMPLE,
} RegOrigin;

/* Contact fields, as bits of which ones the owner typed by hand. */
typedef enum /*< flags >*/
{
  REG_CONTACT_FIELD_GIVEN_NAME    = 1 << 0,
  REG_CONTACT_FIELD_FAMILY_NAME   = 1 << 1,
  REG_CONTACT_FIELD_EMAIL         = 1 << 2,
  REG_CONTACT_FIELD_PHONE         = 1 << 3,
  REG_CONTACT_FIELD_COMPANY       = 1 << 4,
  REG_CONTACT_FIELD_STREET        = 1 << 5,
  REG_CONTACT_FIELD_POSTCODE      = 1 << 6,
  REG_CONTACT_FIELD_CITY          = 1 << 7,
  REG_CONTACT_FIELD_COUNTRY       = 1 << 8,
  REG_CONTACT_FIELD_NOTE          = 1 << 9,
  REG_CONTACT_FIELD_BIRTHDAY      = 1 << 10,
  REG_CONTACT_FIELD_CUSTOMER_TYPE = 1 << 11,
  REG_CONTACT_FIELD_CONSENT       = 1 << 12,
} RegContactField;

typedef enum
{
  REG_ORDER_STATUS_PENDING,
  REG_ORDER_STATUS_PAID,
  REG_ORDER_STATUS_PARTIALLY_REFUNDED,
  REG_ORDER_STATUS_REFUNDED,
  REG_ORDER_STATUS_CANCELLED,
} RegOrderStatus;

typedef enum
{
  REG_NOTE_KIND_NOTE,
  REG_NOTE_KIND_CALL,
  REG_NOTE_KIND_EMAIL,
  REG_NOTE_KIND_COMPLAINT,
} RegNoteKind;

typedef enum
{
  REG_TIMELINE_ORDER,
  REG_TIMELINE_REFUND,
  REG_TIMELINE_NOTE,
} RegTimelineKind;

typedef enum /*< flags >*/
{
  REG_CHANGE_CONTACTS = 1 << 0,
  REG_CHANGE_ORDERS   = 1 << 1,
  REG_CHANGE_NOTES    = 1 << 2,
  REG_CHANGE_SOURCES  = 1 << 3,
  REG_CHANGE_SEGMENTS = 1 << 4,
  REG_CHANGE_LISTS    = 1 << 5,
  REG_CHANGE_SCORES   = 1 << 6,
} RegChangeFlags;

G_END_DECLS
