"""The Patients list and the patient dialog."""
