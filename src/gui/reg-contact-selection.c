/* reg-contact-selection.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-contact-selection"

#include "config.h"

#include "reg-contact.h"
#include "reg-contact-selection.h"

/* A single selection that follows a customer, not a row: the selected id
 * survives searches, re-sorting and edits that move the row. GTK's own
 * selection models look for the selected item by walking the changed rows,
 * which on a 100,000-row list would read every row from disk. */
struct _RegContactSelection
{
  GObject         parent_instance;

  RegContactList *list;
  gint64          selected_id;
  guint           selected;  /* position of selected_id, or GTK_INVALID_LIST_POSITION */
};

static void list_model_iface_init      (GListModelInterface      *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RegContactSelection, reg_contact_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

enum {
  PROP_0,
  PROP_LIST,
  PROP_SELECTED_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
set_selected (RegContactSelection *self,
              gint64               id,
              guint                position)
{
  guint old = self->selected;
  gboolean id_changed = self->selected_id != id;

  self->selected_id = id;
  self->selected = position;

  if (old != position)
    {
      if (old != GTK_INVALID_LIST_POSITION)
        gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), old, 1);
      if (position != GTK_INVALID_LIST_POSITION)
        gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, 1);
    }

  if (id_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

static void
items_changed_cb (RegContactSelection *self,
                  guint                position,
                  guint                removed,
                  guint                added,
                  GListModel          *list)
{
  guint old = self->selected;
  guint now;

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);

  if (self->selected_id == 0)
    return;

  /* The rows in the changed range are asked afresh by the view; only the
   * selection outside it needs telling. */
  now = reg_contact_list_find_id (self->list, self->selected_id);
  if (now == G_MAXUINT)
    now = GTK_INVALID_LIST_POSITION;

  if (old != GTK_INVALID_LIST_POSITION && old >= position + removed)
    old = old - removed + added;
  else if (old != GTK_INVALID_LIST_POSITION && old >= position)
    old = GTK_INVALID_LIST_POSITION;

  self->selected = now;
  if (old != now)
    {
      if (old != GTK_INVALID_LIST_POSITION)
        gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), old, 1);
      if (now != GTK_INVALID_LIST_POSITION && (now < position || now >= position + added))
        gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), now, 1);
    }
}

static GType
reg_contact_selection_get_item_type (GListModel *model)
{
  return REG_TYPE_CONTACT;
}

static guint
reg_contact_selection_get_n_items (GListModel *model)
{
  RegContactSelection *self = REG_CONTACT_SELECTION (model);

  return g_list_model_get_n_items (G_LIST_MODEL (self->list));
}

static gpointer
reg_contact_selection_get_item (GListModel *model,
                                guint       position)
{
  RegContactSelection *self = REG_CONTACT_SELECTION (model);

  return g_list_model_get_item (G_LIST_MODEL (self->list), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = reg_contact_selection_get_item_type;
  iface->get_n_items = reg_contact_selection_get_n_items;
  iface->get_item = reg_contact_selection_get_item;
}

static gboolean
reg_contact_selection_is_selected (GtkSelectionModel *model,
                                   guint              position)
{
  return REG_CONTACT_SELECTION (model)->selected == position;
}

static GtkBitset *
reg_contact_selection_get_selection_in_range (GtkSelectionModel *model,
                                              guint              position,
                                              guint              n_items)
{
  RegContactSelection *self = REG_CONTACT_SELECTION (model);
  GtkBitset *result = gtk_bitset_new_empty ();

  if (self->selected != GTK_INVALID_LIST_POSITION &&
      self->selected >= position && self->selected - position < n_items)
    gtk_bitset_add (result, self->selected);

  return result;
}

static gboolean
reg_contact_selection_select_item (GtkSelectionModel *model,
                                   guint              position,
                                   gboolean           unselect_rest)
{
  RegContactSelection *self = REG_CONTACT_SELECTION (model);
  gint64 id = reg_contact_list_get_id (self->list, position);

  if (id == 0)
    return FALSE;

  set_selected (self, id, position);
  return TRUE;
}

static gboolean
reg_contact_selection_unselect_item (GtkSelectionModel *model,
                                     guint              position)
{
  RegContactSelection *self = REG_CONTACT_SELECTION (model);

  if (self->selected != position)
    return FALSE;

  set_selected (self, 0, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static gboolean
reg_contact_selection_unselect_all (GtkSelectionModel *model)
{
  set_selected (REG_CONTACT_SELECTION (model), 0, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = reg_contact_selection_is_selected;
  iface->get_selection_in_range = reg_contact_selection_get_selection_in_range;
  iface->select_item = reg_contact_selection_select_item;
  iface->unselect_item = reg_contact_selection_unselect_item;
  iface->unselect_all = reg_contact_selection_unselect_all;
}

static void
reg_contact_selection_constructed (GObject *object)
{
  RegContactSelection *self = (RegContactSelection *)object;

  G_OBJECT_CLASS (reg_contact_selection_parent_class)->constructed (object);

  g_signal_connect_object (self->list, "items-changed",
                           G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
reg_contact_selection_dispose (GObject *object)
{
  RegContactSelection *self = (RegContactSelection *)object;

  g_clear_object (&self->list);

  G_OBJECT_CLASS (reg_contact_selection_parent_class)->dispose (object);
}

static void
reg_contact_selection_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RegContactSelection *self = REG_CONTACT_SELECTION (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    case PROP_SELECTED_ID:
      g_value_set_int64 (value, self->selected_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_contact_selection_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RegContactSelection *self = REG_CONTACT_SELECTION (object);

  switch (prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;

    case PROP_SELECTED_ID:
      reg_contact_selection_set_selected_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_contact_selection_class_init (RegContactSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = reg_contact_selection_constructed;
  object_class->dispose = reg_contact_selection_dispose;
  object_class->get_property = reg_contact_selection_get_property;
  object_class->set_property = reg_contact_selection_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, REG_TYPE_CONTACT_LIST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_ID] =
    g_param_spec_int64 ("selected-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reg_contact_selection_init (RegContactSelection *self)
{
  self->selected = GTK_INVALID_LIST_POSITION;
}

RegContactSelection *
reg_contact_selection_new (RegContactList *list)
{
  g_return_val_if_fail (REG_IS_CONTACT_LIST (list), NULL);

  return g_object_new (REG_TYPE_CONTACT_SELECTION, "list", list, NULL);
}

RegContactList *
reg_contact_selection_get_list (RegContactSelection *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_SELECTION (self), NULL);

  return self->list;
}

gint64
reg_contact_selection_get_selected_id (RegContactSelection *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_SELECTION (self), 0);

  return self->selected_id;
}

/**
 * reg_contact_selection_set_selected_id:
 * @id: a customer id, or 0 for none
 *
 * Selects the customer with @id. When the list does not show it (yet),
 * the id is kept, and the row is selected once the list brings it.
 */
void
reg_contact_selection_set_selected_id (RegContactSelection *self,
                                       gint64               id)
{
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (REG_IS_CONTACT_SELECTION (self));

  if (id != 0)
    {
      position = reg_contact_list_find_id (self->list, id);
      if (position == G_MAXUINT)
        position = GTK_INVALID_LIST_POSITION;
    }

  set_selected (self, id, position);
}

guint
reg_contact_selection_get_selected (RegContactSelection *self)
{
  g_return_val_if_fail (REG_IS_CONTACT_SELECTION (self), GTK_INVALID_LIST_POSITION);

  return self->selected;
}
