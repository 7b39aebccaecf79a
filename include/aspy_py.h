/*
 * Helpers of the files written against the Python C API (aspy_fast.c,
 * aspy_fast_batch.c): include after Python.h (limited API 3.11) and aspy.h.
 * Not part of the cffi declarations.
 */
#ifndef ASPY_PY_H
#define ASPY_PY_H

/* A bin's value when it is a scalar (int, float, str, bytes, bool) as a new reference;
 * NULL, with no error set, for anything the value codec must take. */
PyObject* aspy_py_scalar(const as_val* value);

/* Adds `defs` as builtin functions to the module `module_name`, which is being imported
 * (GIL held); 0, or -1 with a Python error set. */
int aspy_py_add_functions(const char* module_name, PyMethodDef* defs);

#endif
