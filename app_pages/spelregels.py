"""Spelregels: violations per rule and per month, examples with the reasons, who breaks rules most."""

import pandas as pd
import plotly.express as px
import streamlit as st

from analysis.keyfigures import violations_per_rule
from analysis.metrics_members import rule_breakers
from analysis.model import VIOLATIONS
from dashboard import charts, display
from dashboard.session import current_view
from dashboard.texts import counted, t, table

EXAMPLES = 25
TOP_MEMBERS = 10

view = current_view()
rule_names = table("rules")
st.title(t("spelregels.title"))
st.caption(t("spelregels.intro", period=display.period_label(view.months)))

counts = violations_per_rule(view.month_rows())
per_rule = pd.DataFrame({"rule": [rule_names[code] for code in counts], "violations": list(counts.values())})
left, right = st.columns(2)
with left:
    st.subheader(t("spelregels.per_rule_title"))
    fig = px.bar(per_rule, x="violations", y="rule", orientation="h")
    display.style(fig, x_title=t("charts.violations"), y_title="")
    fig.update_yaxes(autorange="reversed")
    display.plot(fig, key="per_rule")
    display.explain("spelregels.per_rule_explain")
with right:
    st.subheader(t("spelregels.per_month_title"))
    window = view.trend_window(12)
    trend = view.trend_rows(12)
    per_month = charts.monthly_totals(
        trend,
        [f"violations_{code}" for code in VIOLATIONS],
        {f"violations_{code}": rule_names[code] for code in VIOLATIONS},
        var_name="rule",
        value_name="violations",
    )
    fig = px.bar(per_month, x="month", y="violations", color="rule", custom_data=["partial"])
    charts.mark_partial(fig)
    display.month_axis(fig, window, charts.partial_months(trend))
    display.style(fig, y_title=t("charts.violations"))
    display.plot(fig, key="per_month")
    display.explain("spelregels.per_month_explain", window=display.period_label(window))
    display.partial_caption(view.partial_months(window))

messages = view.messages()
broken = messages[messages["violations"].map(len) > 0]

st.subheader(t("spelregels.examples_title"))
rule = st.selectbox(
    t("spelregels.rule"),
    VIOLATIONS,
    format_func=rule_names.get,
    key="example_rule",
    placeholder=t("common.choose_one"),
)
examples = broken[broken["violations"].map(lambda codes: rule in codes)].sort_values(
    "timestamp", ascending=False
)
if examples.empty:
    st.caption(t("spelregels.no_examples"))
else:
    display.show_table(
        examples.head(EXAMPLES), ("timestamp", "group", "author", "text", "reasons"), key="examples"
    )
    st.caption(counted("spelregels.examples_explain", len(examples), shown=min(EXAMPLES, len(examples))))

st.subheader(t("spelregels.members_title"))
if broken.empty:
    st.caption(t("spelregels.no_examples"))
else:
    per_member = rule_breakers(messages).head(TOP_MEMBERS)
    display.show_table(per_member, ("author", "group", "violations"), key="rule_breakers")
    display.explain("spelregels.members_explain" + ("_private" if view.privacy else ""))
