//! Drawing, generic over plotters' `DrawingBackend`: takes data, never optimizers.
