/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as account from "../account.js";
import type * as actions_coverFetch from "../actions/coverFetch.js";
import type * as auth from "../auth.js";
import type * as books from "../books.js";
import type * as coverBackfill from "../coverBackfill.js";
import type * as crons from "../crons.js";
import type * as http from "../http.js";
import type * as imports from "../imports.js";
import type * as library from "../library.js";
import type * as libraryExport from "../libraryExport.js";
import type * as migrations from "../migrations.js";
import type * as model_account from "../model/account.js";
import type * as model_auth from "../model/auth.js";
import type * as model_backfillProgress from "../model/backfillProgress.js";
import type * as model_backfillRun from "../model/backfillRun.js";
import type * as model_bookWrites from "../model/bookWrites.js";
import type * as model_books from "../model/books.js";
import type * as model_coverBackfill from "../model/coverBackfill.js";
import type * as model_coverCatalogue from "../model/coverCatalogue.js";
import type * as model_coverChoice from "../model/coverChoice.js";
import type * as model_coverLookup from "../model/coverLookup.js";
import type * as model_coverUploads from "../model/coverUploads.js";
import type * as model_dedupKeyMigration from "../model/dedupKeyMigration.js";
import type * as model_importBackfill from "../model/importBackfill.js";
import type * as model_importCommit from "../model/importCommit.js";
import type * as model_importMerge from "../model/importMerge.js";
import type * as model_importRowValidator from "../model/importRowValidator.js";
import type * as model_libraryCap from "../model/libraryCap.js";
import type * as model_libraryCounts from "../model/libraryCounts.js";
import type * as model_libraryDeletion from "../model/libraryDeletion.js";
import type * as model_libraryExport from "../model/libraryExport.js";
import type * as model_libraryListing from "../model/libraryListing.js";
import type * as model_listingKeysBackfill from "../model/listingKeysBackfill.js";
import type * as model_lookupLeases from "../model/lookupLeases.js";
import type * as model_ownership from "../model/ownership.js";
import type * as model_shelves from "../model/shelves.js";
import type * as model_sourcePacing from "../model/sourcePacing.js";
import type * as model_storedCoverBooks from "../model/storedCoverBooks.js";
import type * as model_storedCoverFetch from "../model/storedCoverFetch.js";
import type * as model_storedCovers from "../model/storedCovers.js";
import type * as storedCovers from "../storedCovers.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  account: typeof account;
  "actions/coverFetch": typeof actions_coverFetch;
  auth: typeof auth;
  books: typeof books;
  coverBackfill: typeof coverBackfill;
  crons: typeof crons;
  http: typeof http;
  imports: typeof imports;
  library: typeof library;
  libraryExport: typeof libraryExport;
  migrations: typeof migrations;
  "model/account": typeof model_account;
  "model/auth": typeof model_auth;
  "model/backfillProgress": typeof model_backfillProgress;
  "model/backfillRun": typeof model_backfillRun;
  "model/bookWrites": typeof model_bookWrites;
  "model/books": typeof model_books;
  "model/coverBackfill": typeof model_coverBackfill;
  "model/coverCatalogue": typeof model_coverCatalogue;
  "model/coverChoice": typeof model_coverChoice;
  "model/coverLookup": typeof model_coverLookup;
  "model/coverUploads": typeof model_coverUploads;
  "model/dedupKeyMigration": typeof model_dedupKeyMigration;
  "model/importBackfill": typeof model_importBackfill;
  "model/importCommit": typeof model_importCommit;
  "model/importMerge": typeof model_importMerge;
  "model/importRowValidator": typeof model_importRowValidator;
  "model/libraryCap": typeof model_libraryCap;
  "model/libraryCounts": typeof model_libraryCounts;
  "model/libraryDeletion": typeof model_libraryDeletion;
  "model/libraryExport": typeof model_libraryExport;
  "model/libraryListing": typeof model_libraryListing;
  "model/listingKeysBackfill": typeof model_listingKeysBackfill;
  "model/lookupLeases": typeof model_lookupLeases;
  "model/ownership": typeof model_ownership;
  "model/shelves": typeof model_shelves;
  "model/sourcePacing": typeof model_sourcePacing;
  "model/storedCoverBooks": typeof model_storedCoverBooks;
  "model/storedCoverFetch": typeof model_storedCoverFetch;
  "model/storedCovers": typeof model_storedCovers;
  storedCovers: typeof storedCovers;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
