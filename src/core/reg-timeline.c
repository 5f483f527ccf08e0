/* reg-timeline.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-money.h"
#include "reg-timeline.h"

/* Like the customer list: the model keeps only (kind, id, time) for every
 * entry and reads rows a page at a time, so a wholesale customer with
 * thousands of orders opens as fast as one with five. */
#define PAGE_SIZE 50
#define MAX_PAGES 8

struct _RegTimelineEvent
{
  GObject          parent_instance;

  RegTimelineKind  kind;
  gint64           id;
  gint64           time;
  RegOrder        *order;
  RegNoteKind      note_kind;
  char            *body;
  gint64           resolved_at;
};

G_DEFINE_FINAL_TYPE (RegTimelineEvent, reg_timeline_event, G_TYPE_OBJECT)

enum {
  EVENT_PROP_0,
  EVENT_PROP_TITLE,
  EVENT_PROP_DETAIL,
  EVENT_PROP_AMOUNT_TEXT,
  EVENT_PROP_TIME_TEXT,
  EVENT_PROP_ICON_NAME,
  EVENT_PROP_IS_COMPLAINT,
  EVENT_PROP_RESOLVED,
  EVENT_PROP_REMOVABLE,
  EVENT_PROP_IN_SHOP,
  EVENT_N_PROPS
};

static GParamSpec *event_properties [EVENT_N_PROPS];

static void
reg_timeline_event_finalize (GObject *object)
{
  RegTimelineEvent *self = (RegTimelineEvent *)object;

  g_clear_object (&self->order);
  g_free (self->body);

  G_OBJECT_CLASS (reg_timeline_event_parent_class)->finalize (object);
}

static void
reg_timeline_event_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RegTimelineEvent *self = REG_TIMELINE_EVENT (object);

  switch (prop_id)
    {
    case EVENT_PROP_TITLE:
      g_value_take_string (value, reg_timeline_event_dup_title (self));
      break;

    case EVENT_PROP_DETAIL:
      g_value_take_string (value, reg_timeline_event_dup_detail (self));
      break;

    case EVENT_PROP_AMOUNT_TEXT:
      g_value_take_string (value, reg_timeline_event_dup_amount_text (self));
      break;

    case EVENT_PROP_TIME_TEXT:
      g_value_take_string (value, reg_timeline_event_dup_time_text (self));
      break;

    case EVENT_PROP_ICON_NAME:
      g_value_set_string (value, reg_timeline_event_get_icon_name (self));
      break;

    case EVENT_PROP_IS_COMPLAINT:
      g_value_set_boolean (value, reg_timeline_event_get_is_complaint (self));
      break;

    case EVENT_PROP_RESOLVED:
      g_value_set_boolean (value, reg_timeline_event_get_resolved (self));
      break;

    case EVENT_PROP_REMOVABLE:
      g_value_set_boolean (value, reg_timeline_event_get_removable (self));
      break;

    case EVENT_PROP_IN_SHOP:
      g_value_set_boolean (value, reg_timeline_event_get_in_shop (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_timeline_event_class_init (RegTimelineEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reg_timeline_event_finalize;
  object_class->get_property = reg_timeline_event_get_property;

  event_properties[EVENT_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  event_properties[EVENT_PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  event_properties[EVENT_PROP_AMOUNT_TEXT] =
    g_param_spec_string ("amount-text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  event_properties[EVENT_PROP_TIME_TEXT] =
    g_param_spec_string ("time-text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  event_properties[EVENT_PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  event_properties[EVENT_PROP_IS_COMPLAINT] =
    g_param_spec_boolean ("is-complaint", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  event_properties[EVENT_PROP_RESOLVED] =
    g_param_spec_boolean ("resolved", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  event_properties[EVENT_PROP_REMOVABLE] =
    g_param_spec_boolean ("removable", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  event_properties[EVENT_PROP_IN_SHOP] =
    g_param_spec_boolean ("in-shop", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, EVENT_N_PROPS, event_properties);
}

static void
reg_timeline_event_init (RegTimelineEvent *self)
{
}

RegTimelineKind
reg_timeline_event_get_kind (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), REG_TIMELINE_NOTE);

  return self->kind;
}

/**
 * reg_timeline_event_get_id:
 *
 * Returns: the order's id for orders and refunds, the note's for notes
 */
gint64
reg_timeline_event_get_id (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), 0);

  return self->id;
}

gint64
reg_timeline_event_get_time (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), 0);

  return self->time;
}

/**
 * reg_timeline_event_get_order:
 *
 * Returns: (transfer none) (nullable): the order of an order or refund
 */
RegOrder *
reg_timeline_event_get_order (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), NULL);

  return self->order;
}

RegNoteKind
reg_timeline_event_get_note_kind (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), REG_NOTE_KIND_NOTE);

  return self->note_kind;
}

gboolean
reg_timeline_event_get_is_complaint (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), FALSE);

  return self->kind == REG_TIMELINE_NOTE && self->note_kind == REG_NOTE_KIND_COMPLAINT;
}

/**
 * reg_timeline_event_get_removable:
 *
 * Returns: whether this is a purchase the owner entered by hand, which
 *   they may remove again (one from a shop or a file would come back)
 */
gboolean
reg_timeline_event_get_removable (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), FALSE);

  return self->kind == REG_TIMELINE_ORDER && self->order != NULL &&
         reg_order_get_origin (self->order) == REG_ORIGIN_MANUAL;
}

/**
 * reg_timeline_event_get_in_shop:
 *
 * Returns: whether this is an order a sync brought from a shop, which has
 *   a page of its own in the shop's admin
 */
gboolean
reg_timeline_event_get_in_shop (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), FALSE);

  return self->kind == REG_TIMELINE_ORDER && self->order != NULL &&
         reg_order_get_source_id (self->order) > 0 && reg_order_get_remote_id (self->order) != NULL;
}

gboolean
reg_timeline_event_get_resolved (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), FALSE);

  return self->resolved_at > 0;
}

static const char *
order_label (RegOrder *order)
{
  const char *number = reg_order_get_number (order);

  return number[0] != '\0' ? number : NULL;
}

/**
 * reg_timeline_event_dup_title:
 *
 * Returns: (transfer full): the first line of the entry ("Order #1001",
 *   "Complaint — resolved")
 */
char *
reg_timeline_event_dup_title (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), NULL);

  switch (self->kind)
    {
    case REG_TIMELINE_ORDER:
      if (order_label (self->order))
        /* Translators: %s is the shop's order number, such as "#1001" */
        return g_strdup_printf (_("Order %s"), order_label (self->order));
      return g_strdup (reg_order_get_origin (self->order) == REG_ORIGIN_MANUAL ?
                       _("Purchase added by hand") : _("Order"));

    case REG_TIMELINE_REFUND:
      if (order_label (self->order))
        /* Translators: %s is the shop's order number, such as "#1001" */
        return g_strdup_printf (_("Refund for order %s"), order_label (self->order));
      return g_strdup (_("Refund"));

    case REG_TIMELINE_NOTE:
    default:
      switch (self->note_kind)
        {
        case REG_NOTE_KIND_CALL:
          return g_strdup (_("Call"));
        case REG_NOTE_KIND_EMAIL:
          return g_strdup (_("E-mail"));
        case REG_NOTE_KIND_COMPLAINT:
          return g_strdup (self->resolved_at > 0 ? _("Complaint (resolved)") : _("Complaint"));
        case REG_NOTE_KIND_NOTE:
        default:
          return g_strdup (_("Note"));
        }
    }
}

/**
 * reg_timeline_event_dup_detail:
 *
 * Returns: (transfer full): the second line: what was bought and the
 *   status, or the note's text
 */
char *
reg_timeline_event_dup_detail (RegTimelineEvent *self)
{
  g_autoptr(GString) detail = NULL;
  guint n_items;

  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), NULL);

  if (self->kind == REG_TIMELINE_NOTE)
    return g_strdup (self->body ? self->body : "");

  if (self->kind == REG_TIMELINE_REFUND)
    return g_strdup ("");

  detail = g_string_new (NULL);
  n_items = reg_order_get_n_items (self->order);
  for (guint i = 0; i < n_items && i < 3; i++)
    {
      const RegOrderItem *item = reg_order_get_item (self->order, i);

      if (i > 0)
        g_string_append (detail, ", ");
      if (item->quantity != 1)
        /* Translators: quantity and product name of an order line, "2 × Mug" */
        g_string_append_printf (detail, _("%d × %s"), (int)item->quantity, item->name);
      else
        g_string_append (detail, item->name);
    }
  if (n_items > 3)
    g_string_append_printf (detail,
                            /* Translators: after the first three products of an order */
                            g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more", n_items - 3),
                            n_items - 3);

  if (reg_order_get_status (self->order) != REG_ORDER_STATUS_PAID)
    {
      if (detail->len > 0)
        g_string_append (detail, " · ");
      g_string_append (detail, reg_order_status_label (reg_order_get_status (self->order)));
    }

  return g_string_free (g_steal_pointer (&detail), FALSE);
}

/**
 * reg_timeline_event_dup_amount_text:
 *
 * Returns: (transfer full): the money of an order ("1.234,50 €") or a
 *   refund ("−12,00 €"), "" for notes
 */
char *
reg_timeline_event_dup_amount_text (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), NULL);

  if (self->kind == REG_TIMELINE_ORDER)
    return reg_money_format (reg_order_get_total (self->order), reg_order_get_currency (self->order));

  if (self->kind == REG_TIMELINE_REFUND)
    return reg_money_format (-reg_order_get_refunded (self->order), reg_order_get_currency (self->order));

  return g_strdup ("");
}

/**
 * reg_timeline_event_dup_time_text:
 *
 * Returns: (transfer full): the local date, and the time of day for notes
 */
char *
reg_timeline_event_dup_time_text (RegTimelineEvent *self)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), NULL);

  if (!(dt = g_date_time_new_from_unix_local (self->time)))
    return g_strdup ("");

  if (self->kind == REG_TIMELINE_NOTE)
    return g_date_time_format (dt, "%x %R");

  return g_date_time_format (dt, "%x");
}

const char *
reg_timeline_event_get_icon_name (RegTimelineEvent *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE_EVENT (self), NULL);

  switch (self->kind)
    {
    case REG_TIMELINE_ORDER:
      return "package-x-generic-symbolic";
    case REG_TIMELINE_REFUND:
      return "edit-undo-symbolic";
    case REG_TIMELINE_NOTE:
    default:
      switch (self->note_kind)
        {
        case REG_NOTE_KIND_CALL:
          return "call-start-symbolic";
        case REG_NOTE_KIND_EMAIL:
          return "mail-unread-symbolic";
        case REG_NOTE_KIND_COMPLAINT:
          return self->resolved_at > 0 ? "object-select-symbolic" : "dialog-warning-symbolic";
        case REG_NOTE_KIND_NOTE:
        default:
          return "document-edit-symbolic";
        }
    }
}

/* The model */

struct _RegTimeline
{
  GObject       parent_instance;

  RegStore     *store;
  gint64        contact_id;

  GArray       *refs;        /* RegTimelineRef, newest first */
  GHashTable   *pages;       /* page → GPtrArray of RegTimelineEvent */
  GCancellable *cancellable;
  gboolean      loading;
  gboolean      requery;
};

static void timeline_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RegTimeline, reg_timeline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, timeline_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void start_query (RegTimeline *self);

static GPtrArray *
read_page (RegTimeline *self,
           guint        page)
{
  g_autoptr(GArray) order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) note_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GHashTable) order_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) note_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  guint start = page * PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, self->refs->len);
  GPtrArray *events;

  for (guint i = start; i < end; i++)
    {
      const RegTimelineRef *ref = &g_array_index (self->refs, RegTimelineRef, i);

      if (ref->kind == REG_TIMELINE_NOTE)
        g_array_append_val (note_ids, ref->id);
      else
        g_array_append_val (order_ids, ref->id);
    }

  if (!(orders = reg_store_get_orders (self->store, (gint64 *)(gpointer)order_ids->data,
                                       order_ids->len, &error)) ||
      !(notes = reg_store_get_notes (self->store, (gint64 *)(gpointer)note_ids->data,
                                     note_ids->len, &error)))
    g_warning ("Could not read the timeline: %s", error->message);

  for (guint i = 0; orders && i < orders->len; i++)
    {
      RegOrder *order = g_ptr_array_index (orders, i);
      gint64 *key = g_new (gint64, 1);

      *key = reg_order_get_id (order);
      g_hash_table_insert (order_by_id, key, order);
    }
  for (guint i = 0; notes && i < notes->len; i++)
    {
      RegNote *note = g_ptr_array_index (notes, i);

      g_hash_table_insert (note_by_id, &note->id, note);
    }

  events = g_ptr_array_new_full (end - start, g_object_unref);
  for (guint i = start; i < end; i++)
    {
      const RegTimelineRef *ref = &g_array_index (self->refs, RegTimelineRef, i);
      RegTimelineEvent *event = g_object_new (REG_TYPE_TIMELINE_EVENT, NULL);

      event->kind = ref->kind;
      event->id = ref->id;
      event->time = ref->time;

      if (ref->kind == REG_TIMELINE_NOTE)
        {
          RegNote *note = g_hash_table_lookup (note_by_id, &ref->id);

          if (note != NULL)
            {
              event->note_kind = note->kind;
              event->body = g_strdup (note->body);
              event->resolved_at = note->resolved_at;
            }
        }
      else
        {
          RegOrder *order = g_hash_table_lookup (order_by_id, &ref->id);

          /* Gone since the ids were read: show an empty order rather than
           * shifting every row. The requery that follows removes it. */
          event->order = order ? g_object_ref (order) : reg_order_new ();
        }

      g_ptr_array_add (events, event);
    }

  return events;
}

static void
clear_pages (RegTimeline *self)
{
  g_hash_table_remove_all (self->pages);
}

static void
set_loading (RegTimeline *self,
             gboolean     loading)
{
  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RegTimeline *self = source_object;
  GError *error = NULL;
  GArray *refs;

  if ((refs = reg_store_query_timeline (self->store, self->contact_id, cancellable, &error)))
    g_task_return_pointer (task, refs, (GDestroyNotify)g_array_unref);
  else
    g_task_return_error (task, error);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RegTimeline) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) refs = NULL;
  guint old_len;

  if (!(refs = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not read the timeline: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }

  old_len = self->refs->len;
  g_array_unref (self->refs);
  self->refs = g_steal_pointer (&refs);
  clear_pages (self);

  if (self->requery)
    {
      self->requery = FALSE;
      start_query (self);
    }
  else
    set_loading (self, FALSE);

  if (old_len > 0 || self->refs->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->refs->len);
}

static void
start_query (RegTimeline *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);

  task = g_task_new (self, self->cancellable, query_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_query);
  g_task_run_in_thread (task, query_thread);
}

static void
store_changed_cb (RegTimeline    *self,
                  RegChangeFlags  flags,
                  GArray         *ids,
                  RegStore       *store)
{
  gboolean ours = ids == NULL;

  if ((flags & (REG_CHANGE_ORDERS | REG_CHANGE_NOTES)) == 0)
    return;

  for (guint i = 0; ids != NULL && i < ids->len && !ours; i++)
    ours = g_array_index (ids, gint64, i) == self->contact_id;

  if (!ours)
    return;

  if (self->loading)
    self->requery = TRUE;
  else
    start_query (self);
}

static GType
timeline_get_item_type (GListModel *model)
{
  return REG_TYPE_TIMELINE_EVENT;
}

static guint
timeline_get_n_items (GListModel *model)
{
  return REG_TIMELINE (model)->refs->len;
}

static gpointer
timeline_get_item (GListModel *model,
                   guint       position)
{
  RegTimeline *self = REG_TIMELINE (model);
  GPtrArray *events;
  guint page;

  if (position >= self->refs->len)
    return NULL;

  page = position / PAGE_SIZE;
  if (!(events = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page))))
    {
      /* A simple bound is enough: a timeline is scrolled far less than
       * the customer list. */
      if (g_hash_table_size (self->pages) >= MAX_PAGES)
        clear_pages (self);
      events = read_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), events);
    }

  return g_object_ref (g_ptr_array_index (events, position % PAGE_SIZE));
}

static void
timeline_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = timeline_get_item_type;
  iface->get_n_items = timeline_get_n_items;
  iface->get_item = timeline_get_item;
}

static void
reg_timeline_dispose (GObject *object)
{
  RegTimeline *self = (RegTimeline *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reg_timeline_parent_class)->dispose (object);
}

static void
reg_timeline_finalize (GObject *object)
{
  RegTimeline *self = (RegTimeline *)object;

  g_array_unref (self->refs);
  g_hash_table_unref (self->pages);

  G_OBJECT_CLASS (reg_timeline_parent_class)->finalize (object);
}

static void
reg_timeline_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RegTimeline *self = REG_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_timeline_class_init (RegTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reg_timeline_dispose;
  object_class->finalize = reg_timeline_finalize;
  object_class->get_property = reg_timeline_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reg_timeline_init (RegTimeline *self)
{
  self->refs = g_array_new (FALSE, FALSE, sizeof (RegTimelineRef));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * reg_timeline_new:
 *
 * Returns: (transfer full): a list of what happened with the customer,
 *   newest first, that follows the store as it changes. It starts empty
 *   and fills in from a worker thread.
 */
RegTimeline *
reg_timeline_new (RegStore *store,
                  gint64    contact_id)
{
  RegTimeline *self;

  g_return_val_if_fail (REG_IS_STORE (store), NULL);

  self = g_object_new (REG_TYPE_TIMELINE, NULL);
  self->store = g_object_ref (store);
  self->contact_id = contact_id;

  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  start_query (self);

  return self;
}

gint64
reg_timeline_get_contact_id (RegTimeline *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE (self), 0);

  return self->contact_id;
}

gboolean
reg_timeline_get_loading (RegTimeline *self)
{
  g_return_val_if_fail (REG_IS_TIMELINE (self), FALSE);

  return self->loading;
}
