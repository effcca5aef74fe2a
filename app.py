"""SAAR-monitor dashboard: ``streamlit run app.py``. Routing only; pages live in ``app_pages/``."""

import streamlit as st

from app_pages import navigation, session, sidebar
from app_pages.texts import t

st.set_page_config(page_title=t("app.title"), page_icon=":material/shield_person:", layout="wide")
page = navigation.select()
view = sidebar.build_view()
session.set_view(view)
if view.dataset.is_sample:
    st.info(t("app.sample_banner", count=len(view.dataset.groups)), icon=":material/science:")
navigation.show(page)
