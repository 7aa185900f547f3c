"""Services: the operations a user can perform, one module per area (no Qt)."""
