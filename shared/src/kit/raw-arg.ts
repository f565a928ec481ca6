import { type MiddlewareFn, createParameterDecorator } from 'type-graphql';

/** Arguments set aside by {@link passRawArg}, by the resolver call's `args` object (one per field call). */
const setAside = new WeakMap<object, Record<string, unknown>>();

/**
 * Sets an argument's value aside as graphql-js coerced it (plain objects) and leaves `null` in its
 * place, so that type-graphql's `@Arg` copies nothing: for an input-object list it copies every
 * object into an instance of its class, and per object and field rebuilds the field list and
 * searches its metadata store linearly (type-graphql 2.0.0-rc.4 has no option to skip it). Pair it
 * with {@link RawArg} on the same method; its `@Arg` still declares the argument in the schema, and
 * the resolver ignores that parameter. Only for resolvers that need no instances (no methods, no
 * class-validator: the kit builds with `validate: false`).
 */
export function passRawArg(name: string): MiddlewareFn {
  return ({ args }, next) => {
    const aside = setAside.get(args) ?? {};
    aside[name] = args[name];
    setAside.set(args, aside);
    args[name] = null;
    return next();
  };
}

/** The argument {@link passRawArg} set aside (declare it with `@Arg` on another parameter). */
export function RawArg(name: string) {
  return createParameterDecorator(({ args }) => setAside.get(args)?.[name]);
}
