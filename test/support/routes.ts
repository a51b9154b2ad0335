import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { INestApplication } from '@nestjs/common';
import { PERMISSION_KEY, PUBLIC_KEY } from '../../src/access/decorators';
import { Permission } from '../../src/access/permissions';

export interface RouteInfo {
  method: string;
  path: string;
  permission?: Permission;
  isPublic: boolean;
  handler: string;
}

/** Every HTTP route the Nest app serves, with its declared access, read from controller metadata. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!controller) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const paths = [Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat() as string[];
        for (const prefix of prefixes) {
          for (const sub of paths) {
            const path = `/${[prefix, sub].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
            routes.push({
              method: RequestMethod[method],
              path,
              permission: Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, controller),
              isPublic: Boolean(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller)),
              handler: `${controller.name}.${name}`,
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/**
 * The API routes Express actually has, as `METHOD /path` without the versioned base, to compare
 * with listRoutes; a route outside the base is kept whole, so the comparison shows it.
 */
export function expressApiRoutes(app: INestApplication): string[] {
  return expressRoutes(app)
    .filter((r) => !/^\S+ \/api\/v1\/?$/.test(r)) // Nest's own answer on the bare base path (a 404)
    .map((r) => r.replace(/^(\S+) \/api\/v1(?=\/)/, '$1 '));
}

/** The routes Express actually has, as `METHOD /path`, to check that listRoutes misses none. */
export function expressRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { _router?: { stack: unknown[] }; router?: { stack: unknown[] } };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const out: string[] = [];
  for (const layer of stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) out.push(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return out;
}
