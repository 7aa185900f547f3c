"""The raw .xlsx XML the engine reads and writes itself: error cells python-calamine reports as
blanks (`errorcells`) and the streamed data rows of the official export (`sheetstream`)."""
