// Tests run server code outside Next: the marker import is a no-op there.
export {};
