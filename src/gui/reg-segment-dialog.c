/* reg-segment-dialog.c: making or changing a segment, with its rule in
 * plain words and its members counted as it is edited
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-segment-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "reg-analysis.h"
#include "reg-contact.h"
#include "reg-money.h"
#include "reg-gui-util.h"
#include "reg-segment-dialog.h"

/* A count waits for typing to pause this long. */
#define COUNT_DELAY_MS 300

typedef struct _Group Group;

/* One condition's widgets. */
typedef struct
{
  Group       *group;
  GtkWidget   *row;
  GtkDropDown *field;
  GtkDropDown *op;
  GtkEntry    *value;
  GtkLabel    *and_label;
  GtkEntry    *value2;    /* the upper end of "between" */
  GtkDropDown *choice;    /* for fields with a few fixed values */
  GArray      *ops;       /* RegSegmentOp, as the operator list shows them */
  const char  *currency;  /* the dialog's */
  gboolean     updating;
} Condition;

/* The top group, or one nested in it. */
struct _Group
{
  GtkWidget   *box;
  GtkDropDown *match;
  GtkListBox  *conditions_box;
  GPtrArray   *conditions;  /* Condition */
};

struct _RegSegmentDialog
{
  AdwWindow     parent_instance;

  AdwEntryRow  *name_row;
  GtkDropDown  *match_dropdown;
  GtkListBox   *conditions_box;
  GtkBox       *groups_box;
  GtkLabel     *summary_label;
  GtkLabel     *count_label;
  GtkLabel     *error_label;
  GtkWidget    *save_button;

  RegStore     *store;
  gint64        segment_id;
  char         *currency;    /* money in rules is in it: the shop's own */
  Group        *top;
  GPtrArray    *groups;      /* Group, nested */
  char         *summary;
  gint64        count;
  GCancellable *counting;
  guint         count_timer;
  gboolean      incomplete;  /* a value is still empty */
};

G_DEFINE_FINAL_TYPE (RegSegmentDialog, reg_segment_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_COUNTING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The fields in the order the owner picks from, with their names there. */
static const struct
{
  RegSegmentField  field;
  const char      *title;
} fields[] = {
  { REG_SEGMENT_FIELD_TOTAL_SPENT, N_("Total spent") },
  { REG_SEGMENT_FIELD_AVG_ORDER, N_("Average order") },
  { REG_SEGMENT_FIELD_N_ORDERS, N_("Number of orders") },
  { REG_SEGMENT_FIELD_FIRST_ORDER, N_("First order") },
  { REG_SEGMENT_FIELD_LAST_ORDER, N_("Last order") },
  { REG_SEGMENT_FIELD_BOUGHT, N_("Bought") },
  { REG_SEGMENT_FIELD_TAG, N_("Tag") },
  { REG_SEGMENT_FIELD_CITY, N_("City") },
  { REG_SEGMENT_FIELD_POSTCODE, N_("Postcode") },
  { REG_SEGMENT_FIELD_COUNTRY, N_("Country") },
  { REG_SEGMENT_FIELD_CUSTOMER_TYPE, N_("Customer type") },
  { REG_SEGMENT_FIELD_CONSENT, N_("Marketing") },
  { REG_SEGMENT_FIELD_SOURCE, N_("Came from") },
  { REG_SEGMENT_FIELD_BIRTHDAY, N_("Birthday") },
  { REG_SEGMENT_FIELD_RFM_GROUP, N_("Customer group") },
  { REG_SEGMENT_FIELD_ABC_CLASS, N_("Revenue class") },
  { REG_SEGMENT_FIELD_LIST, N_("Newsletter") },
};

static const char *op_titles[REG_SEGMENT_N_OPS] = {
  [REG_SEGMENT_OP_IS] = N_("is"),
  [REG_SEGMENT_OP_IS_NOT] = N_("is not"),
  [REG_SEGMENT_OP_GT] = N_("more than"),
  [REG_SEGMENT_OP_LT] = N_("less than"),
  [REG_SEGMENT_OP_BETWEEN] = N_("between"),
  [REG_SEGMENT_OP_BEFORE] = N_("before"),
  [REG_SEGMENT_OP_AFTER] = N_("after"),
  [REG_SEGMENT_OP_IN_LAST_DAYS] = N_("in the last … days"),
  [REG_SEGMENT_OP_MORE_THAN_DAYS_AGO] = N_("more than … days ago"),
  [REG_SEGMENT_OP_CONTAINS] = N_("contains"),
  [REG_SEGMENT_OP_NOT_CONTAINS] = N_("does not contain"),
  [REG_SEGMENT_OP_HAS] = N_("has"),
  [REG_SEGMENT_OP_HAS_NOT] = N_("does not have"),
  [REG_SEGMENT_OP_STARTS_WITH] = N_("starts with"),
  [REG_SEGMENT_OP_IN] = N_("is one of"),
  [REG_SEGMENT_OP_IN_MONTH] = N_("is in"),
  [REG_SEGMENT_OP_WITHIN_NEXT_DAYS] = N_("in the next … days"),
};

/* Fields with a few fixed values: their keys, and how they read. */
typedef struct
{
  const char *key;
  const char *title;
} Choice;

/* How an operator reads after its field's name. */
static const char *
op_title (RegSegmentField field,
          RegSegmentOp    op)
{
  if (field == REG_SEGMENT_FIELD_LIST)
    switch (op)
      {
      case REG_SEGMENT_OP_IS:
        return _("subscribed to");
      case REG_SEGMENT_OP_IS_NOT:
        return _("not subscribed to");
      case REG_SEGMENT_OP_HAS:
        return _("on the list");
      default:
        break;
      }

  return _(op_titles[op]);
}

static const Choice customer_types[] = { { "retail", N_("Retail") }, { "wholesale", N_("Wholesale") }, { NULL } };
static const Choice consents[] = {
  { "yes", N_("Agreed") }, { "no", N_("Said no") }, { "unknown", N_("Not asked") }, { NULL },
};
static const Choice sources[] = {
  { "manual", N_("Typed in") }, { "csv", N_("A file") }, { "woocommerce", N_("WooCommerce") },
  { "shopify", N_("Shopify") }, { NULL },
};
static const Choice classes[] = { { "A", "A" }, { "B", "B" }, { "C", "C" }, { NULL } };
static const Choice months[] = {
  { "1", N_("January") }, { "2", N_("February") }, { "3", N_("March") }, { "4", N_("April") },
  { "5", N_("May") }, { "6", N_("June") }, { "7", N_("July") }, { "8", N_("August") },
  { "9", N_("September") }, { "10", N_("October") }, { "11", N_("November") }, { "12", N_("December") },
  { NULL },
};
static Choice groups_choices[REG_RFM_N_GROUPS];

static const Choice *
choices_for (RegSegmentField field,
             RegSegmentOp    op)
{
  switch (field)
    {
    case REG_SEGMENT_FIELD_CUSTOMER_TYPE:
      return customer_types;
    case REG_SEGMENT_FIELD_CONSENT:
      return consents;
    case REG_SEGMENT_FIELD_SOURCE:
      return sources;
    case REG_SEGMENT_FIELD_ABC_CLASS:
      return classes;
    case REG_SEGMENT_FIELD_RFM_GROUP:
      return groups_choices;
    case REG_SEGMENT_FIELD_BIRTHDAY:
      return op == REG_SEGMENT_OP_IN_MONTH ? months : NULL;
    default:
      return NULL;
    }
}

static gboolean
is_money (RegSegmentField field)
{
  return field == REG_SEGMENT_FIELD_TOTAL_SPENT || field == REG_SEGMENT_FIELD_AVG_ORDER;
}

static gboolean
is_date (RegSegmentField field,
         RegSegmentOp    op)
{
  return (field == REG_SEGMENT_FIELD_FIRST_ORDER || field == REG_SEGMENT_FIELD_LAST_ORDER) &&
         (op == REG_SEGMENT_OP_BEFORE || op == REG_SEGMENT_OP_AFTER || op == REG_SEGMENT_OP_BETWEEN);
}

static RegSegmentField
condition_field (Condition *c)
{
  guint i = gtk_drop_down_get_selected (c->field);

  return fields[MIN (i, G_N_ELEMENTS (fields) - 1)].field;
}

static RegSegmentOp
condition_op (Condition *c)
{
  guint i = gtk_drop_down_get_selected (c->op);

  return i < c->ops->len ? g_array_index (c->ops, RegSegmentOp, i) : REG_SEGMENT_OP_IS;
}

static void schedule_update (RegSegmentDialog *self);

/* Building the rule from the widgets */

static gboolean
add_number (RegSegmentCondition *condition,
            RegSegmentField      field,
            const char          *text,
            const char          *currency,
            GError             **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  gint64 number;
  char *end;

  if (is_money (field))
    {
      if (!reg_money_parse (trimmed, currency, &number, error))
        return FALSE;
      reg_segment_condition_add_number (condition, number);
      return TRUE;
    }

  number = g_ascii_strtoll (trimmed, &end, 10);
  if (trimmed[0] == '\0' || *end != '\0')
    {
      g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_BAD_VALUE,
                   _("“%s” is not a whole number."), trimmed);
      return FALSE;
    }

  reg_segment_condition_add_number (condition, number);
  return TRUE;
}

static gboolean
add_condition (RegSegmentDialog *self,
               RegSegmentRule   *group,
               Condition        *c,
               GError          **error)
{
  RegSegmentField field = condition_field (c);
  RegSegmentOp op = condition_op (c);
  const Choice *choices = choices_for (field, op);
  RegSegmentCondition *condition = reg_segment_rule_add_condition (group, field, op);
  const char *value = gtk_editable_get_text (GTK_EDITABLE (c->value));
  const char *value2 = gtk_editable_get_text (GTK_EDITABLE (c->value2));

  if (is_money (field))
    reg_segment_condition_set_currency (condition, self->currency);

  if (choices != NULL)
    {
      const Choice *chosen = &choices[gtk_drop_down_get_selected (c->choice)];

      if (reg_segment_condition_takes_numbers (field, op))
        return add_number (condition, field, chosen->key, self->currency, error);
      reg_segment_condition_add_text (condition, chosen->key);
      return TRUE;
    }

  /* Not wrong, just not written yet: nothing to complain about. */
  if ((value == NULL || *value == '\0' || (op == REG_SEGMENT_OP_BETWEEN && (value2 == NULL || *value2 == '\0'))))
    {
      self->incomplete = TRUE;
      g_set_error_literal (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_BAD_VALUE,
                           _("Fill in each condition to see who matches."));
      return FALSE;
    }

  if (op == REG_SEGMENT_OP_IN)
    {
      g_auto(GStrv) parts = g_strsplit (value, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (*g_strstrip (parts[i]) != '\0')
          reg_segment_condition_add_text (condition, parts[i]);
      return TRUE;
    }

  if (reg_segment_condition_takes_numbers (field, op))
    return add_number (condition, field, value, self->currency, error) &&
           (op != REG_SEGMENT_OP_BETWEEN || add_number (condition, field, value2, self->currency, error));

  {
    g_autofree char *text = g_strstrip (g_strdup (value));
    g_autofree char *text2 = g_strstrip (g_strdup (value2));

    reg_segment_condition_add_text (condition, text);
    if (op == REG_SEGMENT_OP_BETWEEN)
      reg_segment_condition_add_text (condition, text2);
  }

  return TRUE;
}

static RegSegmentRule *
build_rule (RegSegmentDialog  *self,
            GError           **error)
{
  g_autoptr(RegSegmentRule) rule = reg_segment_rule_new (gtk_drop_down_get_selected (self->top->match));

  for (guint i = 0; i < self->top->conditions->len; i++)
    if (!add_condition (self, rule, g_ptr_array_index (self->top->conditions, i), error))
      return NULL;

  for (guint g = 0; g < self->groups->len; g++)
    {
      Group *group = g_ptr_array_index (self->groups, g);
      RegSegmentRule *nested;

      if (group->conditions->len == 0)
        continue;

      nested = reg_segment_rule_add_group (rule, gtk_drop_down_get_selected (group->match));
      for (guint i = 0; i < group->conditions->len; i++)
        if (!add_condition (self, nested, g_ptr_array_index (group->conditions, i), error))
          return NULL;
    }

  if (!reg_segment_rule_check (rule, error))
    return NULL;

  return g_steal_pointer (&rule);
}

/* Counting, off the main thread; a newer edit cancels an older count. */

typedef struct
{
  RegStore       *store;
  RegSegmentRule *rule;
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_clear_object (&job->store);
  g_clear_pointer (&job->rule, reg_segment_rule_free);
  g_free (job);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountJob *job = task_data;
  GError *error = NULL;
  gint64 n = reg_segment_count (job->store, job->rule, g_get_real_time () / G_USEC_PER_SEC, cancellable, &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RegSegmentDialog *self = REG_SEGMENT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  gint64 n = g_task_propagate_int (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (g_task_get_cancellable (G_TASK (result)) != self->counting)
    return;
  g_clear_object (&self->counting);

  self->count = n;
  if (n >= 0)
    text = reg_customer_count_text (n);
  gtk_label_set_text (self->count_label, text ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static gboolean
update_timeout_cb (gpointer data)
{
  RegSegmentDialog *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RegSegmentRule) rule = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  CountJob *job;

  self->count_timer = 0;
  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);

  self->incomplete = FALSE;
  rule = build_rule (self, &error);
  g_clear_pointer (&self->summary, g_free);
  self->summary = rule ? reg_segment_rule_describe (rule) : NULL;
  gtk_label_set_text (self->summary_label, self->summary ? self->summary
                                           : self->incomplete ? error->message : "");
  gtk_label_set_text (self->error_label, error && !self->incomplete ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL && !self->incomplete);
  gtk_widget_set_sensitive (self->save_button, rule != NULL && name[0] != '\0');

  if (rule == NULL || self->store == NULL)
    {
      self->count = -1;
      gtk_label_set_text (self->count_label, "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
      return G_SOURCE_REMOVE;
    }

  job = g_new0 (CountJob, 1);
  job->store = g_object_ref (self->store);
  job->rule = g_steal_pointer (&rule);
  self->counting = g_cancellable_new ();
  task = g_task_new (self, self->counting, counted_cb, NULL);
  g_task_set_source_tag (task, update_timeout_cb);
  g_task_set_task_data (task, job, count_job_free);
  g_task_run_in_thread (task, count_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);

  return G_SOURCE_REMOVE;
}

static void
schedule_update (RegSegmentDialog *self)
{
  g_clear_handle_id (&self->count_timer, g_source_remove);
  self->count_timer = g_timeout_add (COUNT_DELAY_MS, update_timeout_cb, self);
  /* Counting is under way as far as anyone asking is concerned. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

/* Conditions */

static GtkStringList *
titles_of (const Choice *choices)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; choices[i].key != NULL; i++)
    gtk_string_list_append (list, _(choices[i].title));

  return list;
}

/* Shows the operators that fit the field, and the value widgets that fit
 * the operator. */
static void
update_condition_widgets (Condition *c,
                          gboolean   field_changed)
{
  RegSegmentField field = condition_field (c);
  RegSegmentOp op;
  const Choice *choices;

  c->updating = TRUE;

  if (field_changed)
    {
      g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
      RegSegmentOp before = condition_op (c);
      guint keep = 0;

      g_array_set_size (c->ops, 0);
      for (RegSegmentOp o = 0; o < REG_SEGMENT_N_OPS; o++)
        {
          /* A list of fixed values is picked one at a time here. */
          if (!reg_segment_field_allows_op (field, o) ||
              (o == REG_SEGMENT_OP_IN && field == REG_SEGMENT_FIELD_RFM_GROUP))
            continue;
          if (o == before)
            keep = c->ops->len;
          g_array_append_val (c->ops, o);
          gtk_string_list_append (titles, op_title (field, o));
        }
      gtk_drop_down_set_model (c->op, G_LIST_MODEL (titles));
      gtk_drop_down_set_selected (c->op, keep);
    }

  op = condition_op (c);
  choices = choices_for (field, op);

  if (choices != NULL)
    {
      g_autoptr(GtkStringList) titles = titles_of (choices);

      gtk_drop_down_set_model (c->choice, G_LIST_MODEL (titles));
    }

  gtk_widget_set_visible (GTK_WIDGET (c->choice), choices != NULL);
  gtk_widget_set_visible (GTK_WIDGET (c->value), choices == NULL);
  gtk_widget_set_visible (GTK_WIDGET (c->and_label), choices == NULL && op == REG_SEGMENT_OP_BETWEEN);
  gtk_widget_set_visible (GTK_WIDGET (c->value2), choices == NULL && op == REG_SEGMENT_OP_BETWEEN);

  if (is_date (field, op))
    {
      gtk_entry_set_placeholder_text (c->value, _("YYYY-MM-DD"));
      gtk_entry_set_placeholder_text (c->value2, _("YYYY-MM-DD"));
    }
  else if (op == REG_SEGMENT_OP_IN)
    gtk_entry_set_placeholder_text (c->value, _("DE, Austria, …"));
  else if (is_money (field) && c->currency != NULL)
    {
      /* Translators: in an empty amount field; %s is a currency code */
      g_autofree char *hint = g_strdup_printf (_("Amount in %s"), c->currency);

      gtk_entry_set_placeholder_text (c->value, hint);
      gtk_entry_set_placeholder_text (c->value2, hint);
    }
  else
    {
      gtk_entry_set_placeholder_text (c->value, NULL);
      gtk_entry_set_placeholder_text (c->value2, NULL);
    }

  c->updating = FALSE;
}

static void
condition_changed_cb (GObject    *object,
                      GParamSpec *pspec,
                      Condition  *c)
{
  RegSegmentDialog *self;

  if (c->updating)
    return;

  if (object == G_OBJECT (c->field))
    update_condition_widgets (c, TRUE);
  else if (object == G_OBJECT (c->op))
    update_condition_widgets (c, FALSE);

  self = REG_SEGMENT_DIALOG (gtk_widget_get_root (c->row));
  if (self != NULL)
    schedule_update (self);
}

static void
condition_free (gpointer data)
{
  Condition *c = data;

  g_clear_pointer (&c->ops, g_array_unref);
  g_free (c);
}

static void
remove_condition_cb (GtkButton *button,
                     Condition *c)
{
  RegSegmentDialog *self = REG_SEGMENT_DIALOG (gtk_widget_get_root (GTK_WIDGET (button)));
  Group *group = c->group;

  gtk_list_box_remove (group->conditions_box, c->row);
  g_ptr_array_remove (group->conditions, c);
  schedule_update (self);
}

static Condition *
add_condition_row (RegSegmentDialog *self,
                   Group            *group)
{
  Condition *c = g_new0 (Condition, 1);
  g_autoptr(GtkStringList) field_titles = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  c->group = group;
  c->currency = self->currency;
  c->ops = g_array_new (FALSE, FALSE, sizeof (RegSegmentOp));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_string_list_append (field_titles, _(fields[i].title));
  c->field = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (field_titles)), NULL));
  c->op = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  c->choice = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  c->value = GTK_ENTRY (gtk_entry_new ());
  c->and_label = GTK_LABEL (gtk_label_new (_("and")));
  c->value2 = GTK_ENTRY (gtk_entry_new ());

  gtk_accessible_update_property (GTK_ACCESSIBLE (c->field), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Field"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->op), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comparison"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Value"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->value), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Value"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (c->value2), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Upper value"), -1);
  gtk_widget_set_tooltip_text (remove, _("Remove Condition"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Condition"), -1);
  gtk_widget_add_css_class (remove, "flat");

  gtk_widget_set_hexpand (GTK_WIDGET (c->value), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (c->choice), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (c->value2), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (c->value), 6);
  gtk_editable_set_width_chars (GTK_EDITABLE (c->value2), 6);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->field));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->op));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->choice));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->value));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->and_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->value2));
  gtk_box_append (GTK_BOX (box), remove);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  c->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (c->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (c->row), box);
  gtk_list_box_append (group->conditions_box, c->row);
  g_ptr_array_add (group->conditions, c);

  update_condition_widgets (c, TRUE);

  g_signal_connect (c->field, "notify::selected", G_CALLBACK (condition_changed_cb), c);
  g_signal_connect (c->op, "notify::selected", G_CALLBACK (condition_changed_cb), c);
  g_signal_connect (c->choice, "notify::selected", G_CALLBACK (condition_changed_cb), c);
  g_signal_connect (c->value, "notify::text", G_CALLBACK (condition_changed_cb), c);
  g_signal_connect (c->value2, "notify::text", G_CALLBACK (condition_changed_cb), c);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_condition_cb), c);

  schedule_update (self);

  return c;
}

/* Fills a condition's widgets from a rule's condition. */
static void
fill_condition (RegSegmentDialog          *self,
                Condition                 *c,
                const RegSegmentCondition *condition)
{
  const Choice *choices;
  RegSegmentOp op;
  g_autoptr(GString) values = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].field == condition->field)
      gtk_drop_down_set_selected (c->field, i);
  for (guint i = 0; i < c->ops->len; i++)
    if (g_array_index (c->ops, RegSegmentOp, i) == condition->op)
      gtk_drop_down_set_selected (c->op, i);

  op = condition_op (c);
  choices = choices_for (condition->field, op);

  if (choices != NULL)
    {
      g_autofree char *key = NULL;

      if (condition->texts != NULL && condition->texts->len > 0)
        key = g_strdup (g_ptr_array_index (condition->texts, 0));
      else if (condition->numbers != NULL && condition->numbers->len > 0)
        key = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (condition->numbers, gint64, 0));
      for (guint i = 0; key != NULL && choices[i].key != NULL; i++)
        if (g_ascii_strcasecmp (choices[i].key, key) == 0)
          gtk_drop_down_set_selected (c->choice, i);
      return;
    }

  if (condition->numbers != NULL)
    for (guint i = 0; i < condition->numbers->len; i++)
      {
        gint64 n = g_array_index (condition->numbers, gint64, i);
        g_autofree char *text = is_money (condition->field) && condition->currency
                                  ? reg_money_to_plain (n, condition->currency)
                                  : g_strdup_printf ("%" G_GINT64_FORMAT, n);

        gtk_editable_set_text (GTK_EDITABLE (i == 0 ? c->value : c->value2), text);
      }

  if (condition->texts != NULL)
    {
      if (op == REG_SEGMENT_OP_IN)
        {
          for (guint i = 0; i < condition->texts->len; i++)
            g_string_append_printf (values, "%s%s", i ? ", " : "", (char *)g_ptr_array_index (condition->texts, i));
          gtk_editable_set_text (GTK_EDITABLE (c->value), values->str);
        }
      else
        for (guint i = 0; i < condition->texts->len && i < 2; i++)
          gtk_editable_set_text (GTK_EDITABLE (i == 0 ? c->value : c->value2),
                                 g_ptr_array_index (condition->texts, i));
    }
}

/* Groups */

static GtkStringList *
match_titles (void)
{
  const char * const titles[] = { _("All of these"), _("Any of these"), NULL };

  return gtk_string_list_new (titles);
}

static void
match_changed_cb (GtkDropDown      *dropdown,
                  GParamSpec       *pspec,
                  RegSegmentDialog *self)
{
  schedule_update (self);
}

static Group *
group_new (GtkDropDown *match,
           GtkListBox  *conditions_box)
{
  Group *group = g_new0 (Group, 1);

  group->match = match;
  group->conditions_box = conditions_box;
  group->conditions = g_ptr_array_new_with_free_func (condition_free);

  return group;
}

static void
group_free (gpointer data)
{
  Group *group = data;

  g_clear_pointer (&group->conditions, g_ptr_array_unref);
  g_free (group);
}

static void
add_group_condition_cb (GtkButton *button,
                        Group     *group)
{
  add_condition_row (REG_SEGMENT_DIALOG (gtk_widget_get_root (GTK_WIDGET (button))), group);
}

static void
remove_group_cb (GtkButton *button,
                 Group     *group)
{
  RegSegmentDialog *self = REG_SEGMENT_DIALOG (gtk_widget_get_root (GTK_WIDGET (button)));

  gtk_box_remove (self->groups_box, group->box);
  g_ptr_array_remove (self->groups, group);
  schedule_update (self);
}

static Group *
add_group (RegSegmentDialog *self,
           RegSegmentMatch   match)
{
  g_autoptr(GtkStringList) titles = match_titles ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (titles)), NULL);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("Add _Condition"));
  GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove Group"));
  GtkWidget *label = gtk_label_new (_("and also"));
  Group *group;

  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (top), label);
  gtk_box_append (GTK_BOX (top), dropdown);
  gtk_widget_set_hexpand (gtk_widget_get_last_child (top), FALSE);
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_set_hexpand (remove, TRUE);
  gtk_widget_add_css_class (remove, "flat");
  gtk_box_append (GTK_BOX (top), remove);
  gtk_box_append (GTK_BOX (box), top);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), add);

  group = group_new (GTK_DROP_DOWN (dropdown), GTK_LIST_BOX (list));
  group->box = box;
  gtk_drop_down_set_selected (group->match, match);
  g_ptr_array_add (self->groups, group);
  gtk_box_append (self->groups_box, box);

  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (match_changed_cb), self, 0);
  g_signal_connect (add, "clicked", G_CALLBACK (add_group_condition_cb), group);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_group_cb), group);

  return group;
}

static void
add_condition_clicked_cb (RegSegmentDialog *self)
{
  add_condition_row (self, self->top);
}

static void
add_group_clicked_cb (RegSegmentDialog *self)
{
  Group *group = add_group (self, REG_SEGMENT_MATCH_ANY);

  add_condition_row (self, group);
}

static void
name_changed_cb (RegSegmentDialog *self)
{
  schedule_update (self);
}

static void
save_clicked_cb (RegSegmentDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = reg_segment_dialog_dup_rule (self, &error);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  gboolean ok;

  if (json == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  if (self->segment_id > 0)
    ok = reg_store_update_segment (self->store, self->segment_id, name, json, &error);
  else
    ok = reg_store_add_segment (self->store, name, json, &error) > 0;

  if (!ok)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
load_rule (RegSegmentDialog *self,
           const char       *json)
{
  g_autoptr(RegSegmentRule) rule = json ? reg_segment_rule_parse (json, NULL) : NULL;

  if (rule == NULL)
    {
      add_condition_row (self, self->top);
      return;
    }

  gtk_drop_down_set_selected (self->top->match, rule->match);
  for (guint i = 0; i < rule->conditions->len; i++)
    fill_condition (self, add_condition_row (self, self->top), g_ptr_array_index (rule->conditions, i));

  for (guint g = 0; rule->groups != NULL && g < rule->groups->len; g++)
    {
      RegSegmentRule *nested = g_ptr_array_index (rule->groups, g);
      Group *group = add_group (self, nested->match);

      for (guint i = 0; i < nested->conditions->len; i++)
        fill_condition (self, add_condition_row (self, group), g_ptr_array_index (nested->conditions, i));
    }
}

/* The currency most customers spend in; money in rules is in it. */
static char *
main_currency (RegStore *store)
{
  g_autoptr(GArray) ids = reg_store_query_contact_ids (store, NULL, REG_CONTACT_SORT_SPENT, TRUE, 1, NULL, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  const char *currency = NULL;

  if (ids != NULL && ids->len > 0 && (rows = reg_store_get_contacts (store, (gint64 *)ids->data, 1, NULL)))
    currency = reg_contact_get_spent_currency (g_ptr_array_index (rows, 0));

  return currency ? g_strdup (currency) : reg_default_currency ();
}

static void
reg_segment_dialog_dispose (GObject *object)
{
  RegSegmentDialog *self = (RegSegmentDialog *)object;

  g_cancellable_cancel (self->counting);
  g_clear_object (&self->counting);
  g_clear_handle_id (&self->count_timer, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reg_segment_dialog_parent_class)->dispose (object);
}

static void
reg_segment_dialog_finalize (GObject *object)
{
  RegSegmentDialog *self = (RegSegmentDialog *)object;

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->top, group_free);
  g_free (self->currency);
  g_free (self->summary);

  G_OBJECT_CLASS (reg_segment_dialog_parent_class)->finalize (object);
}

static void
reg_segment_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RegSegmentDialog *self = REG_SEGMENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_COUNTING:
      g_value_set_boolean (value, reg_segment_dialog_get_counting (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_segment_dialog_class_init (RegSegmentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reg_segment_dialog_dispose;
  object_class->finalize = reg_segment_dialog_finalize;
  object_class->get_property = reg_segment_dialog_get_property;

  properties[PROP_COUNTING] =
    g_param_spec_boolean ("counting", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  for (RegRfmGroup g = REG_RFM_CHAMPIONS; g <= REG_RFM_LOST; g++)
    {
      groups_choices[g - 1].key = reg_rfm_group_get_key (g);
      groups_choices[g - 1].title = reg_rfm_group_get_title (g);
    }

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/regulars/Regulars/reg-segment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RegSegmentDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RegSegmentDialog, match_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RegSegmentDialog, conditions_box);
  gtk_widget_class_bind_template_child (widget_class, RegSegmentDialog, groups_box);
  gtk_widget_class_bind_template_child (widget_class, RegSegmentDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RegSegmentDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, RegSegmentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RegSegmentDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, add_condition_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_group_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reg_segment_dialog_init (RegSegmentDialog *self)
{
  g_autoptr(GtkStringList) titles = match_titles ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->match_dropdown, G_LIST_MODEL (titles));
  self->top = group_new (self->match_dropdown, self->conditions_box);
  self->groups = g_ptr_array_new_with_free_func (group_free);
  self->count = -1;
  g_signal_connect_object (self->match_dropdown, "notify::selected", G_CALLBACK (match_changed_cb), self, 0);
}

/**
 * reg_segment_dialog_new:
 * @segment: (nullable): the segment to change, or %NULL for a new one
 */
RegSegmentDialog *
reg_segment_dialog_new (GtkWindow        *parent,
                        RegStore         *store,
                        const RegSegment *segment)
{
  RegSegmentDialog *self;

  g_return_val_if_fail (REG_IS_STORE (store), NULL);

  self = g_object_new (REG_TYPE_SEGMENT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->currency = main_currency (store);

  if (segment != NULL)
    {
      self->segment_id = segment->id;
      gtk_window_set_title (GTK_WINDOW (self), _("Change Segment"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), segment->name);
    }
  load_rule (self, segment ? segment->rule : NULL);
  schedule_update (self);

  return self;
}

/**
 * reg_segment_dialog_dup_rule:
 *
 * Returns: (transfer full) (nullable): the rule as edited, as JSON, or
 *   %NULL with @error set when it is not complete
 */
char *
reg_segment_dialog_dup_rule (RegSegmentDialog  *self,
                             GError           **error)
{
  g_autoptr(RegSegmentRule) rule = NULL;

  g_return_val_if_fail (REG_IS_SEGMENT_DIALOG (self), NULL);

  if (!(rule = build_rule (self, error)))
    return NULL;

  return reg_segment_rule_to_json (rule);
}

/**
 * reg_segment_dialog_get_summary:
 *
 * Returns: (nullable): the rule in plain words, as shown
 */
const char *
reg_segment_dialog_get_summary (RegSegmentDialog *self)
{
  g_return_val_if_fail (REG_IS_SEGMENT_DIALOG (self), NULL);

  return self->summary;
}

/**
 * reg_segment_dialog_get_count:
 *
 * Returns: the customers the rule shown has, or -1 while unknown
 */
gint64
reg_segment_dialog_get_count (RegSegmentDialog *self)
{
  g_return_val_if_fail (REG_IS_SEGMENT_DIALOG (self), -1);

  return self->count;
}

gboolean
reg_segment_dialog_get_counting (RegSegmentDialog *self)
{
  g_return_val_if_fail (REG_IS_SEGMENT_DIALOG (self), FALSE);

  return self->counting != NULL || self->count_timer != 0;
}

/**
 * reg_segment_dialog_set_condition:
 * @index: which condition of the top group; one more than there are adds one
 * @value: (nullable): the value as typed, or a fixed value's key
 * @value2: (nullable): the upper end of "between"
 *
 * Sets a condition as the owner would, by choosing and typing.
 */
void
reg_segment_dialog_set_condition (RegSegmentDialog *self,
                                  guint             index,
                                  RegSegmentField   field,
                                  RegSegmentOp      op,
                                  const char       *value,
                                  const char       *value2)
{
  Condition *c;
  const Choice *choices;

  g_return_if_fail (REG_IS_SEGMENT_DIALOG (self));
  g_return_if_fail (index <= self->top->conditions->len);

  c = index < self->top->conditions->len ? g_ptr_array_index (self->top->conditions, index)
                                         : add_condition_row (self, self->top);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].field == field)
      gtk_drop_down_set_selected (c->field, i);
  for (guint i = 0; i < c->ops->len; i++)
    if (g_array_index (c->ops, RegSegmentOp, i) == op)
      gtk_drop_down_set_selected (c->op, i);

  if ((choices = choices_for (field, op)))
    {
      for (guint i = 0; value != NULL && choices[i].key != NULL; i++)
        if (g_ascii_strcasecmp (choices[i].key, value) == 0)
          gtk_drop_down_set_selected (c->choice, i);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (c->value), value ? value : "");
  gtk_editable_set_text (GTK_EDITABLE (c->value2), value2 ? value2 : "");
}
