"""The exchange engine's database half: registered kinds, the import pipeline, templates and
exports of a kind, and the submission register (报送登记)."""
