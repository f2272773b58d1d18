"""The web app holds layout, navigation and error pages; it owns no data."""
