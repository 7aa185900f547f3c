"""FPR Desktop core (巩固衔接业务管理系统): models, services, rules — no Qt here."""

__version__ = "0.1.0"
APP_NAME = "FPR Desktop"
APP_TITLE = "巩固衔接业务管理系统"
