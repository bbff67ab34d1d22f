"""The main window's screens by position, in their own module so a command or a screen
can name another screen without importing the window that holds them."""

SCREENS = ("Patients", "Orders", "Order and claim", "Claims")
PATIENTS, ORDERS, ORDER, CLAIMS = range(4)
