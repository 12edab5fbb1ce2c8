"""The curator's workbench: add an article, see which sentences have claims, draft the rest."""
