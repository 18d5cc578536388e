export * from './enums';
export * from './users';
export * from './products';
export * from './findings';
export * from './system';
export * from './notifications';
export * from './outbox';
