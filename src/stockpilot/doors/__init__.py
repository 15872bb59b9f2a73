"""The doors that drive the product: the command line now, the web app to come. They parse what a
person or a program asks, call a service and show its typed result through the shared presenters."""
