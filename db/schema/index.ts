export * from './accounts';
export * from './audit';
export * from './login-attempts';
export * from './memberships';
export * from './roles';
export * from './sessions';
export * from './users';
export * from './user-tokens';
