"""The papers an award round ends with (K1-K2): the register of decisions with their award
money (`decisions`), the .docx templates and their checks (`templates`, `defaults`), and the
Word and Excel files made from them (`render`)."""
