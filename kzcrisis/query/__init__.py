"""Questions asked of the index: filters, names, search, figures and their comparison. No printing."""
