"""Shared GUI parts: the op runner, the lazy table model, widgets, file dialogs, PDF preview."""
