"""Infusion Desk: turn a home-infusion order into a correct CMS-1500 claim."""

APP_NAME = "Infusion Desk"
APP_ID = "InfusionDesk"
__version__ = "0.1.0"
