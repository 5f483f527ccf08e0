/* reg-history-view.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-history-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "reg-history-view.h"
#include "reg-money.h"
#include "reg-purchase-dialog.h"
#include "reg-source.h"
#include "reg-timeline.h"

/* How wide a figure asks to be: narrow enough for three side by side in
 * a pane of usual width, two in the narrowest. */
#define TILE_CHARS 16

struct _RegHistoryView
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *top_clamp;
  GtkFlowBox     *figures_box;
  GtkLabel       *other_currencies_label;
  GtkWidget      *empty_box;
  GtkWidget      *no_orders_label;
  GtkWidget      *buttons_box;
  GtkMenuButton  *note_button;
  GtkPopover     *note_popover;
  GtkDropDown    *kind_dropdown;
  GtkTextView    *note_view;
  GtkLabel       *note_error;
  GtkWidget      *list_separator;
  GtkWidget      *list_scroller;
  GtkListView    *list_view;

  /* Owned references */
  RegStore       *store;
  RegTimeline    *timeline;

  gulong          store_changed_id;
  gint64          contact_id;
  RegFigures      figures;
  guint           adding_note : 1;
};

G_DEFINE_FINAL_TYPE (RegHistoryView, reg_history_view, GTK_TYPE_WIDGET)

enum {
  FAILED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The row template in reg-history-view.ui is parsed at run time, where
 * xgettext does not look; its strings are marked here. */
G_GNUC_UNUSED static const char *row_strings[] = {
  N_("Resolved"),
};

void
reg_history_figure_free (RegHistoryFigure *figure)
{
  if (figure == NULL)
    return;

  g_free (figure->label);
  g_free (figure->value);
  g_free (figure->detail);
  g_free (figure->tooltip);
  g_free (figure);
}

static void
add_figure (GPtrArray  *figures,
            const char *label,
            char       *value,
            char       *detail)
{
  RegHistoryFigure *figure = g_new0 (RegHistoryFigure, 1);

  figure->label = g_strdup (label);
  figure->value = value;
  figure->detail = detail;
  g_ptr_array_add (figures, figure);
}

/* Days are counted on the calendar the owner sees: an order at 23:55
 * was "yesterday" at 00:05. */
static int
local_day_number (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);
  GDate date;

  if (dt == NULL)
    return 0;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date,
                  g_date_time_get_day_of_month (dt),
                  g_date_time_get_month (dt),
                  g_date_time_get_year (dt));

  return g_date_get_julian (&date);
}

/**
 * reg_history_view_format_date:
 *
 * Returns: (transfer full): the local date of @unix_utc, short enough for
 *   three figures side by side ("14 Mar 2026")
 */
char *
reg_history_view_format_date (gint64 unix_utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_utc);

  if (dt == NULL)
    return g_strdup ("");

  /* Translators: a date with the month shortened, see strftime: "14 Mar 2026" */
  return g_date_time_format (dt, _("%-d %b %Y"));
}

/**
 * reg_history_view_format_days_ago:
 * @days: whole days in the past, 0 for today
 *
 * Returns: (transfer full): "today", "yesterday", "12 days ago"
 */
char *
reg_history_view_format_days_ago (int days)
{
  if (days <= 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("yesterday"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);
}

/**
 * reg_history_view_format_days_until:
 * @days: whole days from today; negative when the day has passed
 *
 * Returns: (transfer full): "today", "tomorrow", "in 5 days", "3 days overdue"
 */
char *
reg_history_view_format_days_until (int days)
{
  if (days == 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("tomorrow"));
  if (days > 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days", days), days);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day overdue", "%d days overdue", -days), -days);
}

static char *
format_gap (double days)
{
  int rounded = (int)lround (days);

  if (days < 1)
    return g_strdup (_("less than a day"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", rounded), rounded);
}

/**
 * reg_history_view_format_figures:
 * @figures: a customer's figures, from reg_store_get_contact_figures()
 * @now: the time they were computed for
 *
 * Says what the History page shows about a customer, leaving out what
 * means nothing yet: no average of one order, no first order that is
 * also the last, no guess at the next order from a single one, and none
 * for a customer who is overdue by more than their usual gap, who has
 * most likely stopped buying.
 *
 * Returns: (transfer full) (element-type RegHistoryFigure): the figures
 *   in the order they are shown; empty without orders
 */
GPtrArray *
reg_history_view_format_figures (const RegFigures *figures,
                                 gint64            now)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_history_figure_free);
  guint in_main;

  g_return_val_if_fail (figures != NULL, g_steal_pointer (&out));

  if (figures->n_orders == 0)
    return g_steal_pointer (&out);

  in_main = figures->n_orders - MIN (figures->n_other_currency, figures->n_orders);

  add_figure (out, _("Total spent"), reg_money_format (figures->total_spent, figures->currency), NULL);
  add_figure (out, _("Orders"), g_strdup_printf ("%u", figures->n_orders), NULL);

  if (in_main >= 2)
    add_figure (out, _("Average order"), reg_money_format (figures->average_order, figures->currency), NULL);

  if (figures->n_orders >= 2)
    add_figure (out, _("First order"), reg_history_view_format_date (figures->first_order_at), NULL);

  add_figure (out, _("Last order"),
              reg_history_view_format_date (figures->last_order_at),
              reg_history_view_format_days_ago (figures->days_since_last));

  if (figures->n_orders >= 2 && figures->average_gap_days >= 0)
    add_figure (out, _("Time between orders"), format_gap (figures->average_gap_days), g_strdup (_("on average")));

  if (figures->n_orders >= 2 && figures->expected_next_at > 0)
    {
      int expected_day = local_day_number (figures->expected_next_at);
      int usual_gap = expected_day - local_day_number (figures->last_order_at);
      int until = expected_day - local_day_number (now);

      if (usual_gap >= 1 && until >= -usual_gap)
        add_figure (out, _("Next order expected"),
                    reg_history_view_format_date (figures->expected_next_at),
                    reg_history_view_format_days_until (until));
    }

  return g_steal_pointer (&out);
}

/**
 * reg_history_view_add_score_figures:
 * @currency: (nullable): the currency of the customer's money figures
 *
 * Adds the customer's RFM group, ABC class and predicted value, each with
 * what it means as a tooltip; nothing for a customer without scores.
 */
void
reg_history_view_add_score_figures (GPtrArray       *figures,
                                    const RegScores *scores,
                                    const char      *currency)
{
  RegHistoryFigure *figure;

  g_return_if_fail (figures != NULL && scores != NULL);

  if (scores->rfm_group == REG_RFM_NONE)
    return;

  add_figure (figures, _("Customer group"), g_strdup (reg_rfm_group_get_title (scores->rfm_group)),
              /* Translators: recency, frequency and money scores, each 1 to 5 */
              g_strdup_printf (_("R %u · F %u · M %u"), scores->recency, scores->frequency, scores->monetary));
  figure = g_ptr_array_index (figures, figures->len - 1);
  figure->tooltip = g_strdup (reg_rfm_group_get_explanation (scores->rfm_group));

  if (scores->abc_class != 0)
    {
      const char *meaning = reg_abc_class_get_explanation (scores->abc_class);

      add_figure (figures, _("Revenue class"), g_strdup_printf ("%c", scores->abc_class), NULL);
      figure = g_ptr_array_index (figures, figures->len - 1);
      figure->tooltip = g_strdup (meaning);
    }

  if (currency != NULL)
    {
      add_figure (figures, _("Predicted value"), reg_money_format (scores->clv_predicted, currency), NULL);
      figure = g_ptr_array_index (figures, figures->len - 1);
      figure->tooltip = g_strdup (reg_clv_get_formula_text ());
    }
}

/**
 * reg_history_view_format_other_currencies:
 *
 * Returns: (transfer full) (nullable): a line saying that orders in
 *   other currencies are left out of the money figures, %NULL if none are
 */
char *
reg_history_view_format_other_currencies (const RegFigures *figures)
{
  g_return_val_if_fail (figures != NULL, NULL);

  if (figures->n_orders == 0 || figures->n_other_currency == 0)
    return NULL;

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u order in another currency is left out of the total and the average.",
                                       "%u orders in other currencies are left out of the total and the average.",
                                       figures->n_other_currency),
                          figures->n_other_currency);
}

static char *
dup_note_text (RegHistoryView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return g_strstrip (text);
}

static void
update_actions (RegHistoryView *self)
{
  g_autofree char *text = dup_note_text (self);
  gboolean have_contact = self->store != NULL && self->contact_id > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.add-purchase", have_contact);
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_button), have_contact);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.add-note",
                                 have_contact && text[0] != '\0' && !self->adding_note);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.set-resolved", self->store != NULL);
}

static void
update_state (RegHistoryView *self)
{
  guint n_items = self->timeline ? g_list_model_get_n_items (G_LIST_MODEL (self->timeline)) : 0;
  gboolean loading = self->timeline ? reg_timeline_get_loading (self->timeline) : FALSE;
  gboolean has_orders = self->figures.n_orders > 0;
  gboolean empty = self->contact_id > 0 && !loading && n_items == 0 && !has_orders;
  g_autofree char *other = reg_history_view_format_other_currencies (&self->figures);

  gtk_widget_set_visible (GTK_WIDGET (self->figures_box), has_orders);
  gtk_widget_set_visible (self->no_orders_label, !has_orders && n_items > 0);
  gtk_label_set_text (self->other_currencies_label, other ? other : "");
  gtk_widget_set_visible (GTK_WIDGET (self->other_currencies_label), other != NULL);

  /* With nothing to list, the message and the buttons sit in the middle,
   * like a status page; otherwise the list takes the room. */
  gtk_widget_set_visible (self->empty_box, empty);
  gtk_widget_set_visible (self->list_separator, !empty);
  gtk_widget_set_visible (self->list_scroller, !empty);
  gtk_widget_set_vexpand (self->top_clamp, empty);
  gtk_widget_set_valign (self->top_clamp, empty ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);

  update_actions (self);
}

static GtkWidget *
create_figure_tile (const RegHistoryFigure *figure)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (figure->label);
  GtkWidget *value = gtk_label_new (figure->value);

  gtk_widget_add_css_class (box, "history-figure");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), TILE_CHARS);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (value), TILE_CHARS);
  gtk_label_set_selectable (GTK_LABEL (value), FALSE);
  gtk_widget_add_css_class (value, "heading");
  gtk_widget_add_css_class (value, "numeric");
  gtk_box_append (GTK_BOX (box), value);

  if (figure->detail != NULL)
    {
      GtkWidget *detail = gtk_label_new (figure->detail);

      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (detail), TILE_CHARS);
      gtk_widget_add_css_class (detail, "caption");
      gtk_box_append (GTK_BOX (box), detail);
    }

  gtk_widget_set_tooltip_text (box, figure->tooltip);

  return box;
}

static void
refresh_figures (RegHistoryView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *child;

  memset (&self->figures, 0, sizeof self->figures);
  self->figures.days_since_last = -1;
  self->figures.average_gap_days = -1;

  if (self->store != NULL && self->contact_id > 0 &&
      !reg_store_get_contact_figures (self->store, self->contact_id, now, &self->figures, &error))
    {
      g_warning ("Could not read the figures of customer %" G_GINT64_FORMAT ": %s",
                 self->contact_id, error->message);
      memset (&self->figures, 0, sizeof self->figures);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box))))
    gtk_flow_box_remove (self->figures_box, child);

  texts = reg_history_view_format_figures (&self->figures, now);
  if (self->store != NULL && self->contact_id > 0 && self->figures.n_orders > 0)
    {
      RegScores scores;

      if (reg_store_get_scores (self->store, self->contact_id, &scores, NULL))
        reg_history_view_add_score_figures (texts, &scores, self->figures.currency);
    }
  for (guint i = 0; i < texts->len; i++)
    {
      GtkWidget *tile = create_figure_tile (g_ptr_array_index (texts, i));

      gtk_flow_box_append (self->figures_box, tile);
      /* Figures are read, not chosen: keep them out of the Tab order. */
      gtk_widget_set_focusable (gtk_widget_get_parent (tile), FALSE);
    }
}

static void
timeline_changed_cb (RegHistoryView *self)
{
  update_state (self);
}

static void
clear_timeline (RegHistoryView *self)
{
  gtk_list_view_set_model (self->list_view, NULL);

  if (self->timeline != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->timeline, self);
      g_clear_object (&self->timeline);
    }
}

/* Reads what the page shows; only while it is on screen, so that going
 * through customers on the Details page costs nothing here. */
static void
reload (RegHistoryView *self)
{
  if (self->store == NULL || self->contact_id <= 0)
    clear_timeline (self);
  else if (self->timeline == NULL || reg_timeline_get_contact_id (self->timeline) != self->contact_id)
    {
      g_autoptr(GtkNoSelection) selection = NULL;

      clear_timeline (self);
      self->timeline = reg_timeline_new (self->store, self->contact_id);
      g_signal_connect_object (self->timeline, "items-changed",
                               G_CALLBACK (timeline_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->timeline, "notify::loading",
                               G_CALLBACK (timeline_changed_cb), self, G_CONNECT_SWAPPED);

      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->timeline)));
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
    }

  refresh_figures (self);
  update_state (self);
}

static void
store_changed_cb (RegHistoryView *self,
                  RegChangeFlags  flags,
                  GArray         *ids,
                  RegStore       *store)
{
  gboolean ours = ids == NULL;

  if ((flags & (REG_CHANGE_ORDERS | REG_CHANGE_SCORES)) == 0 || self->contact_id <= 0)
    return;

  for (guint i = 0; ids != NULL && i < ids->len && !ours; i++)
    ours = g_array_index (ids, gint64, i) == self->contact_id;

  /* Hidden, the figures are read again when the page is shown. */
  if (ours && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      refresh_figures (self);
      update_state (self);
    }
}

static gboolean
text_is_set (gpointer    this,
             const char *text)
{
  return text != NULL && text[0] != '\0';
}

static void
resolved_toggled_cb (GtkCheckButton *button,
                     GtkListItem    *list_item)
{
  RegTimelineEvent *event;
  gboolean active = gtk_check_button_get_active (button);

  g_assert (GTK_IS_LIST_ITEM (list_item));

  event = gtk_list_item_get_item (list_item);

  /* The binding sets the box from the record; only a click differs. */
  if (!REG_IS_TIMELINE_EVENT (event) ||
      !reg_timeline_event_get_is_complaint (event) ||
      reg_timeline_event_get_resolved (event) == active)
    return;

  gtk_widget_activate_action (GTK_WIDGET (button), "history.set-resolved", "(xb)",
                              reg_timeline_event_get_id (event), active);
}

static void
remove_clicked_cb (GtkButton   *button,
                   GtkListItem *list_item)
{
  RegTimelineEvent *event = gtk_list_item_get_item (list_item);

  if (REG_IS_TIMELINE_EVENT (event) && reg_timeline_event_get_removable (event))
    gtk_widget_activate_action (GTK_WIDGET (button), "history.remove-purchase", "x",
                                reg_order_get_id (reg_timeline_event_get_order (event)));
}

static void
open_in_shop_clicked_cb (GtkButton   *button,
                         GtkListItem *list_item)
{
  RegTimelineEvent *event = gtk_list_item_get_item (list_item);

  if (REG_IS_TIMELINE_EVENT (event) && reg_timeline_event_get_in_shop (event))
    gtk_widget_activate_action (GTK_WIDGET (button), "history.open-in-shop", "x",
                                reg_order_get_id (reg_timeline_event_get_order (event)));
}

static void
note_popover_show_cb (RegHistoryView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->note_error), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
}

static void
note_text_changed_cb (RegHistoryView *self)
{
  update_actions (self);
}

static void
clear_note (RegHistoryView *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
  gtk_drop_down_set_selected (self->kind_dropdown, REG_NOTE_KIND_NOTE);
  gtk_widget_set_visible (GTK_WIDGET (self->note_error), FALSE);
}

static void
note_added_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RegHistoryView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean added = reg_store_add_note_finish (REG_STORE (object), result, &error);

  self->adding_note = FALSE;

  /* Gone with its window meanwhile; the note is saved or it is not. */
  if (self->store == NULL)
    {
      if (!added)
        g_warning ("A note could not be added: %s", error->message);
      return;
    }

  if (added)
    {
      clear_note (self);
      gtk_popover_popdown (self->note_popover);
    }
  else
    {
      /* What was typed stays, to try again. */
      gtk_label_set_text (self->note_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->note_error), TRUE);
    }

  update_actions (self);
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  RegHistoryView *self = REG_HISTORY_VIEW (widget);
  g_autofree char *text = dup_note_text (self);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  if (self->store == NULL || self->contact_id <= 0 || text[0] == '\0' || self->adding_note)
    return;

  self->adding_note = TRUE;
  update_actions (self);

  /* Not cancellable: a note written is a note kept, even if the window closes. */
  reg_store_add_note_async (self->store, self->contact_id,
                            kind <= REG_NOTE_KIND_COMPLAINT ? kind : REG_NOTE_KIND_NOTE,
                            text, NULL, note_added_cb, g_object_ref (self));
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RegHistoryView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!reg_store_set_note_resolved_finish (REG_STORE (object), result, &error) && self->store != NULL)
    g_signal_emit (self, signals[FAILED], 0, error->message);
}

static void
set_resolved_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RegHistoryView *self = REG_HISTORY_VIEW (widget);
  gint64 note_id;
  gboolean resolved;

  if (self->store == NULL)
    return;

  g_variant_get (param, "(xb)", &note_id, &resolved);
  reg_store_set_note_resolved_async (self->store, note_id, resolved, NULL,
                                     resolved_cb, g_object_ref (self));
}

typedef struct
{
  RegHistoryView *self;
  RegOrder       *order;  /* as it was, to put back */
} Removal;

static void
removal_free (Removal *removal)
{
  g_clear_object (&removal->self);
  g_clear_object (&removal->order);
  g_free (removal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removal, removal_free)

static void
purchase_restored_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RegHistoryView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!reg_store_save_order_finish (REG_STORE (object), result, &error))
    g_signal_emit (self, signals[FAILED], 0, error->message);
}

static void
undo_remove_cb (AdwToast *toast,
                Removal  *removal)
{
  if (removal->self->store == NULL)
    return;

  /* Back as a new record with the same contents. */
  reg_order_set_id (removal->order, 0);
  reg_store_save_order_async (removal->self->store, removal->order, NULL,
                              purchase_restored_cb, g_object_ref (removal->self));
}

static void
purchase_removed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Removal) removal = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;
  AdwToast *toast;

  if (!reg_store_delete_order_finish (REG_STORE (object), result, &error))
    {
      g_signal_emit (removal->self, signals[FAILED], 0, error->message);
      return;
    }

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (removal->self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  toast = adw_toast_new (_("Purchase removed"));
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_timeout (toast, 8);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_remove_cb),
                         g_steal_pointer (&removal), (GClosureNotify)(void (*) (void))removal_free, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
remove_purchase_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  RegHistoryView *self = REG_HISTORY_VIEW (widget);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (param);
  Removal *removal;

  if (self->store == NULL)
    return;

  if (!(orders = reg_store_get_orders (self->store, &id, 1, &error)) || orders->len == 0)
    {
      if (error != NULL)
        g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }

  removal = g_new0 (Removal, 1);
  removal->self = g_object_ref (self);
  removal->order = g_object_ref (g_ptr_array_index (orders, 0));
  reg_store_delete_order_async (self->store, id, NULL, purchase_removed_cb, removal);
}

static void
open_in_shop_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RegHistoryView *self = REG_HISTORY_VIEW (widget);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(RegSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 id = g_variant_get_int64 (param);
  RegOrder *order;

  if (self->store == NULL)
    return;

  if (!(orders = reg_store_get_orders (self->store, &id, 1, &error)) || orders->len == 0 ||
      !(source = reg_store_get_source (self->store, reg_order_get_source_id (g_ptr_array_index (orders, 0)), &error)))
    {
      if (error != NULL)
        g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }

  order = g_ptr_array_index (orders, 0);
  if ((url = reg_source_dup_order_url (source, reg_order_get_remote_id (order))))
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), url, GDK_CURRENT_TIME);
}

static void
add_purchase_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RegHistoryView *self = REG_HISTORY_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  RegPurchaseDialog *dialog;

  if (self->store == NULL || self->contact_id <= 0)
    return;

  dialog = reg_purchase_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    self->store, self->contact_id,
                                    self->figures.currency[0] != '\0' ? self->figures.currency : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reg_history_view_map (GtkWidget *widget)
{
  /* Also brings "12 days ago" up to date after midnight. */
  reload (REG_HISTORY_VIEW (widget));

  GTK_WIDGET_CLASS (reg_history_view_parent_class)->map (widget);
}

static void
reg_history_view_dispose (GObject *object)
{
  RegHistoryView *self = (RegHistoryView *)object;
  GtkWidget *child;

  if (self->store != NULL && self->store_changed_id != 0)
    g_signal_handler_disconnect (self->store, self->store_changed_id);
  self->store_changed_id = 0;

  clear_timeline (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), REG_TYPE_HISTORY_VIEW);
  /* The page box has no name in the template, so it is not disposed with it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reg_history_view_parent_class)->dispose (object);
}

static void
reg_history_view_class_init (RegHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reg_history_view_dispose;

  widget_class->map = reg_history_view_map;

  /**
   * RegHistoryView::failed:
   * @message: what went wrong, for the owner to read
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* The row template names these types before anything else has. */
  g_type_ensure (REG_TYPE_TIMELINE_EVENT);

  gtk_widget_class_install_action (widget_class, "history.add-purchase", NULL, add_purchase_action);
  gtk_widget_class_install_action (widget_class, "history.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "history.set-resolved", "(xb)", set_resolved_action);
  gtk_widget_class_install_action (widget_class, "history.remove-purchase", "x", remove_purchase_action);
  gtk_widget_class_install_action (widget_class, "history.open-in-shop", "x", open_in_shop_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/regulars/Regulars/reg-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, top_clamp);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, figures_box);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, other_currencies_label);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, empty_box);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, no_orders_label);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, note_button);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, note_popover);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, note_view);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, note_error);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, list_separator);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, RegHistoryView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, note_popover_show_cb);
  /* Used by the row template of the list. */
  gtk_widget_class_bind_template_callback (widget_class, text_is_set);
  gtk_widget_class_bind_template_callback (widget_class, resolved_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_in_shop_clicked_cb);
}

static void
reg_history_view_init (RegHistoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->figures.days_since_last = -1;
  self->figures.average_gap_days = -1;

  g_signal_connect_object (gtk_text_view_get_buffer (self->note_view), "changed",
                           G_CALLBACK (note_text_changed_cb), self, G_CONNECT_SWAPPED);

  update_state (self);
}

void
reg_history_view_set_store (RegHistoryView *self,
                            RegStore       *store)
{
  g_return_if_fail (REG_IS_HISTORY_VIEW (self));
  g_return_if_fail (!store || REG_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL && self->store_changed_id != 0)
    g_signal_handler_disconnect (self->store, self->store_changed_id);
  self->store_changed_id = 0;

  clear_timeline (self);
  g_set_object (&self->store, store);

  if (store != NULL)
    self->store_changed_id = g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb),
                                                      self, G_CONNECT_SWAPPED);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    update_actions (self);
}

/**
 * reg_history_view_set_contact_id:
 * @contact_id: the customer to show, 0 for none
 */
void
reg_history_view_set_contact_id (RegHistoryView *self,
                                 gint64          contact_id)
{
  g_return_if_fail (REG_IS_HISTORY_VIEW (self));

  if (self->contact_id == contact_id)
    return;

  self->contact_id = contact_id;

  /* A note half written was about the customer shown before. */
  clear_note (self);
  gtk_popover_popdown (self->note_popover);
  clear_timeline (self);
  memset (&self->figures, 0, sizeof self->figures);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    update_state (self);
}

gint64
reg_history_view_get_contact_id (RegHistoryView *self)
{
  g_return_val_if_fail (REG_IS_HISTORY_VIEW (self), 0);

  return self->contact_id;
}

/**
 * reg_history_view_get_timeline:
 *
 * Returns: (transfer none) (nullable): the list shown, once the page has
 *   been on screen for the customer
 */
GListModel *
reg_history_view_get_timeline (RegHistoryView *self)
{
  g_return_val_if_fail (REG_IS_HISTORY_VIEW (self), NULL);

  return self->timeline ? G_LIST_MODEL (self->timeline) : NULL;
}

/**
 * reg_history_view_get_figures:
 *
 * Returns: (transfer none): the figures shown
 */
const RegFigures *
reg_history_view_get_figures (RegHistoryView *self)
{
  g_return_val_if_fail (REG_IS_HISTORY_VIEW (self), NULL);

  return &self->figures;
}
