"""The Orders list and the order screen: header, therapies, drugs, nursing, supplies,
the live billing panel, the service calendar and an order's versions."""
