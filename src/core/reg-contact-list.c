/* reg-contact-list.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-contact-list"

#include "config.h"

#include <glib/gi18n.h>

#include "reg-contact.h"
#include "reg-contact-list.h"
#include "reg-enums.h"
#include "reg-segment.h"
#include "reg-store-private.h"

/* Rows are read from the store a page at a time, and only a few pages are
 * kept: memory stays the same whether the shop has a hundred customers or
 * a hundred thousand. What is kept for every row is its id (8 bytes). */
#define PAGE_SIZE 50
#define MAX_PAGES 24
/* Beyond this many changed rows a change is announced as one range. */
#define MAX_CHANGED_IDS 64
/* A new search or order first fetches this many ids, enough for a screen,
 * and shows them while the rest is fetched. */
#define FIRST_IDS 100

struct _RegContactList
{
  GObject         parent_instance;

  RegStore       *store;
  char           *search;
  char           *segment;      /* (nullable) a segment's rule, JSON */
  RegContactSort  sort;
  gboolean        descending;

  GArray         *ids;
  GHashTable     *pages;        /* page number → GPtrArray of RegContact */
  GQueue          lru;          /* page numbers, most recently used first */

  GTask          *query;        /* the query whose answer we wait for */
  GCancellable   *cancellable;
  GArray         *changed_ids;  /* rows changed since the last answer */
  guint           changed_all : 1;
  guint           requery : 1;
};

typedef struct
{
  char           *search;
  char           *segment;
  RegContactSort  sort;
  gboolean        descending;
  gboolean        progressive;
} QueryData;

typedef struct
{
  RegContactList *self;
  GTask          *task;
  GArray         *ids;
} FirstIds;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RegContactList, reg_contact_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH,
  PROP_SORT,
  PROP_DESCENDING,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void start_query (RegContactList *self,
                         gboolean        progressive);

static void
query_data_free (gpointer data)
{
  QueryData *query = data;

  g_free (query->search);
  g_free (query->segment);
  g_free (query);
}

static void
clear_pages (RegContactList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static guint
find_in (GArray *ids,
         gint64  id)
{
  const gint64 *data = (const gint64 *)(gpointer)ids->data;

  for (guint i = 0; i < ids->len; i++)
    if (data[i] == id)
      return i;

  return G_MAXUINT;
}

/* Tells views only what really moved: one range between the common start
 * and the common end of the old and new order, plus rows whose content
 * changed in place. */
static void
apply_ids (RegContactList *self,
           GArray         *ids)
{
  g_autoptr(GArray) old = g_steal_pointer (&self->ids);
  g_autoptr(GArray) changed = g_steal_pointer (&self->changed_ids);
  gboolean changed_all = self->changed_all;
  const gint64 *a = (const gint64 *)(gpointer)old->data;
  const gint64 *b = (const gint64 *)(gpointer)ids->data;
  guint old_len = old->len;
  guint new_len = ids->len;
  guint min_len = MIN (old_len, new_len);
  guint prefix = 0;
  guint suffix = 0;
  guint removed;
  guint added;

  self->ids = g_array_ref (ids);
  self->changed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->changed_all = FALSE;
  clear_pages (self);

  if (changed_all || (changed != NULL && changed->len > MAX_CHANGED_IDS))
    {
      if (old_len > 0 || new_len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, new_len);
      return;
    }

  while (prefix < min_len && a[prefix] == b[prefix])
    prefix++;
  while (suffix < min_len - prefix && a[old_len - 1 - suffix] == b[new_len - 1 - suffix])
    suffix++;

  removed = old_len - prefix - suffix;
  added = new_len - prefix - suffix;

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);

  for (guint i = 0; changed != NULL && i < changed->len; i++)
    {
      guint pos = find_in (self->ids, g_array_index (changed, gint64, i));

      if (pos != G_MAXUINT && (pos < prefix || pos >= prefix + added))
        g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
    }
}

static void
first_ids_free (gpointer data)
{
  FirstIds *first = data;

  g_clear_object (&first->self);
  g_clear_object (&first->task);
  g_clear_pointer (&first->ids, g_array_unref);
  g_free (first);
}

static gboolean
first_ids_cb (gpointer data)
{
  FirstIds *first = data;

  if (first->task == first->self->query)
    apply_ids (first->self, first->ids);

  return G_SOURCE_REMOVE;
}

/* The customers a search finds, in the order asked for, who are in the
 * segment too. */
static GArray *
query_segment (RegStore      *store,
               QueryData     *query,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(RegSegmentRule) rule = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GHashTable) in_segment = NULL;
  GArray *ids;

  if (!(rule = reg_segment_rule_parse (query->segment, error)) ||
      !(members = reg_segment_member_ids (store, rule, g_get_real_time () / G_USEC_PER_SEC, REG_CONTACT_SORT_NAME,
                                          error)))
    return NULL;

  /* The search (or everyone) in the order asked for, then only members. */
  if (!(found = reg_store_query_contact_ids (store, query->search, query->sort, query->descending, 0, cancellable,
                                             error)))
    return NULL;

  in_segment = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < members->len; i++)
    g_hash_table_add (in_segment, &g_array_index (members, gint64, i));

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), members->len);
  for (guint i = 0; i < found->len; i++)
    if (g_hash_table_contains (in_segment, &g_array_index (found, gint64, i)))
      g_array_append_val (ids, g_array_index (found, gint64, i));

  return ids;
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RegContactList *self = source_object;
  QueryData *query = task_data;
  GError *error = NULL;
  GArray *ids;

  /* Only the store and refs are touched here; the list is the main thread's. */
  if (query->segment != NULL)
    {
      ids = query_segment (self->store, query, cancellable, &error);
      goto done;
    }

  if (query->progressive)
    {
      FirstIds *first;

      ids = reg_store_query_contact_ids (self->store, query->search, query->sort,
                                         query->descending, FIRST_IDS, cancellable, &error);
      if (ids == NULL || ids->len < FIRST_IDS)
        goto done;

      first = g_new0 (FirstIds, 1);
      first->self = g_object_ref (self);
      first->task = g_object_ref (task);
      first->ids = ids;
      _reg_store_run_on_context (g_task_get_context (task), first_ids_cb, first, first_ids_free);
    }

  ids = reg_store_query_contact_ids (self->store, query->search, query->sort,
                                     query->descending, 0, cancellable, &error);

done:
  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify)g_array_unref);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RegContactList *self = REG_CONTACT_LIST (object);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer query has taken over; its answer is the one that counts. */
  if (G_TASK (result) != self->query)
    return;

  g_clear_object (&self->query);
  g_clear_object (&self->cancellable);

  if (ids != NULL)
    apply_ids (self, ids);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not list customers: %s", error->message);

  if (self->requery)
    start_query (self, FALSE);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* @progressive: show the first rows as soon as they are known. Only for a
 * new search or order, where the view starts at the top anyway: on a
 * refresh the rows beyond the first ones must not vanish and come back. */
static void
start_query (RegContactList *self,
             gboolean        progressive)
{
  g_autoptr(GTask) task = NULL;
  QueryData *query;
  gboolean was_loading = self->query != NULL;

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->query);
  self->requery = FALSE;

  query = g_new0 (QueryData, 1);
  query->search = g_strdup (self->search);
  query->segment = g_strdup (self->segment);
  query->sort = self->sort;
  query->descending = self->descending;
  query->progressive = progressive;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, query_done_cb, NULL);
  g_task_set_source_tag (task, start_query);
  g_task_set_task_data (task, query, query_data_free);
  self->query = g_object_ref (task);
  g_task_run_in_thread (task, query_thread);

  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
store_changed_cb (RegContactList *self,
                  guint           flags,
                  GArray         *ids,
                  RegStore       *store)
{
  /* Who is in a segment may follow from orders and scores too. */
  if (!(flags & REG_CHANGE_CONTACTS) &&
      !(self->segment != NULL && (flags & (REG_CHANGE_ORDERS | REG_CHANGE_SCORES | REG_CHANGE_NOTES))))
    return;

  if (ids == NULL)
    self->changed_all = TRUE;
  else
    g_array_append_vals (self->changed_ids, ids->data, ids->len);

  /* Let a running query finish, then ask again: a stream of small writes
   * must not keep the list from ever updating. */
  if (self->query != NULL)
    self->requery = TRUE;
  else
    start_query (self, FALSE);
}

static GType
reg_contact_list_get_item_type (GListModel *model)
{
  return REG_TYPE_CONTACT;
}

static guint
reg_contact_list_get_n_items (GListModel *model)
{
  return REG_CONTACT_LIST (model)->ids->len;
}

static gpointer
reg_contact_list_get_item (GListModel *model,
                           guint       position)
{
  RegContactList *self = REG_CONTACT_LIST (model);
  GPtrArray *page;
  guint page_no;

  if (position >= self->ids->len)
    return NULL;

  page_no = position / PAGE_SIZE;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page_no));

  if (page == NULL)
    {
      g_autoptr(GError) error = NULL;
      guint first = page_no * PAGE_SIZE;
      guint n = MIN (PAGE_SIZE, self->ids->len - first);

      page = reg_store_get_contacts (self->store,
                                     &g_array_index (self->ids, gint64, first), n,
                                     &error);
      if (page == NULL)
        {
          /* A view must get a row for every position; show blanks and say why. */
          g_warning ("Could not read customers: %s", error->message);
          page = g_ptr_array_new_with_free_func (g_object_unref);
          for (guint i = 0; i < n; i++)
            {
              RegContact *blank = reg_contact_new ();

              reg_contact_set_id (blank, g_array_index (self->ids, gint64, first + i));
              g_ptr_array_add (page, blank);
            }
        }

      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page_no), page);
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page_no));

      if (g_queue_get_length (&self->lru) > MAX_PAGES)
        g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
    }
  else if (g_queue_peek_head (&self->lru) != GUINT_TO_POINTER (page_no))
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page_no));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page_no));
    }

  return g_object_ref (g_ptr_array_index (page, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = reg_contact_list_get_item_type;
  iface->get_n_items = reg_contact_list_get_n_items;
  iface->get_item = reg_contact_list_get_item;
}

static void
reg_contact_list_constructed (GObject *object)
{
  RegContactList *self = (RegContactList *)object;

  G_OBJECT_CLASS (reg_contact_list_parent_class)->constructed (object);

  g_assert (REG_IS_STORE (self->store));

  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  start_query (self, TRUE);
}

static void
reg_contact_list_dispose (GObject *object)
{
  RegContactList *self = (RegContactList *)object;

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->query);
  clear_pages (self);

  G_OBJECT_CLASS (reg_contact_list_parent_class)->dispose (object);
}

static void
reg_contact_list_finalize (GObject *object)
{
  RegContactList *self = (RegContactList *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->segment, g_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->changed_ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);

  G_OBJECT_CLASS (reg_contact_list_parent_class)->finalize (object);
}

static void
reg_contact_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RegContactList *self = REG_CONTACT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_SORT:
      g_value_set_enum (value, self->sort);
      break;

    case PROP_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, reg_contact_list_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_contact_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RegContactList *self = REG_CONTACT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SEARCH:
      reg_contact_list_set_search (self, g_value_get_string (value));
      break;

    case PROP_SORT:
      reg_contact_list_set_sort (self, g_value_get_enum (value), self->descending);
      break;

    case PROP_DESCENDING:
      reg_contact_list_set_sort (self, self->sort, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_contact_list_class_init (RegContactListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = reg_contact_list_constructed;
  object_class->dispose = reg_contact_list_dispose;
  object_class->finalize = reg_contact_list_finalize;
  object_class->get_property = reg_contact_list_get_property;
  object_class->set_property = reg_contact_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, REG_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL, REG_TYPE_CONTACT_SORT, REG_CONTACT_SORT_NAME,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reg_contact_list_init (RegContactList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->changed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  g_queue_init (&self->lru);
}

/**
 * reg_contact_list_new:
 *
 * A list of the store's customers that follows the store's changes. The
 * first answer arrives asynchronously: the list is empty and
 * #RegContactList:loading is %TRUE until then.
 */
RegContactList *
reg_contact_list_new (RegStore *store)
{
  g_return_val_if_fail (REG_IS_STORE (store), NULL);

  return g_object_new (REG_TYPE_CONTACT_LIST, "store", store, NULL);
}

RegStore *
reg_contact_list_get_store (RegContactList *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_LIST (self), NULL);

  return self->store;
}

const char *
reg_contact_list_get_search (RegContactList *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_LIST (self), NULL);

  return self->search;
}

/**
 * reg_contact_list_set_search:
 * @search: (nullable): words to look for, or %NULL for every customer
 *
 * Starts a new query in the background; an older one still running is
 * cancelled.
 */
void
reg_contact_list_set_search (RegContactList *self,
                             const char     *search)
{
  g_return_if_fail (REG_IS_CONTACT_LIST (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;

  if (g_strcmp0 (self->search, search) != 0)
    {
      g_free (self->search);
      self->search = g_strdup (search);
      start_query (self, TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
    }
}

/**
 * reg_contact_list_set_segment:
 * @rule_json: (nullable): a segment's rule, or %NULL for every customer
 *
 * Lists only the customers in the segment (that the search finds). Who is
 * in it is worked out anew whenever customers, orders or scores change.
 */
void
reg_contact_list_set_segment (RegContactList *self,
                              const char     *rule_json)
{
  g_return_if_fail (REG_IS_CONTACT_LIST (self));

  if (g_strcmp0 (self->segment, rule_json) == 0)
    return;

  g_free (self->segment);
  self->segment = g_strdup (rule_json);
  start_query (self, TRUE);
}

const char *
reg_contact_list_get_segment (RegContactList *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_LIST (self), NULL);

  return self->segment;
}

RegContactSort
reg_contact_list_get_sort (RegContactList *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_LIST (self), REG_CONTACT_SORT_NAME);

  return self->sort;
}

gboolean
reg_contact_list_get_descending (RegContactList *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_LIST (self), FALSE);

  return self->descending;
}

void
reg_contact_list_set_sort (RegContactList *self,
                           RegContactSort  sort,
                           gboolean        descending)
{
  g_return_if_fail (REG_IS_CONTACT_LIST (self));
  g_return_if_fail (sort <= REG_CONTACT_SORT_LAST_ORDER);

  descending = !!descending;
  if (self->sort == sort && self->descending == descending)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->sort != sort)
    {
      self->sort = sort;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
    }
  if (self->descending != descending)
    {
      self->descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
    }
  start_query (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * reg_contact_list_get_loading:
 *
 * Whether a query is running whose answer will replace the current rows.
 */
gboolean
reg_contact_list_get_loading (RegContactList *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_LIST (self), FALSE);

  return self->query != NULL;
}

/**
 * reg_contact_list_get_id:
 *
 * Returns: the id of the customer at @position, without reading the row;
 *   0 when @position is out of range
 */
gint64
reg_contact_list_get_id (RegContactList *self,
                         guint           position)
{
  g_return_val_if_fail (REG_IS_CONTACT_LIST (self), 0);

  if (position >= self->ids->len)
    return 0;

  return g_array_index (self->ids, gint64, position);
}

/**
 * reg_contact_list_find_id:
 *
 * Returns: the position of the customer with @id, or %G_MAXUINT
 */
guint
reg_contact_list_find_id (RegContactList *self,
                          gint64          id)
{
  g_return_val_if_fail (REG_IS_CONTACT_LIST (self), G_MAXUINT);

  return find_in (self->ids, id);
}
