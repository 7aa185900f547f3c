"""The Qt layer of FPR Desktop: windows, tabs and dialogs over the fpr_desktop services."""
